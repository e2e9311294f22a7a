package synthetic

import "time"

// writeHealth writes a period's health checks: the initial health
// assessment (about 60% within 20 working days), review health assessments
// every 6 months under 5 and every 12 months from 5 (about 85% in date),
// and dental checks about yearly. The next assessment due within six weeks
// of AsOf is written as planned.
func (c *council) writeHealth(ch *child, p *period) {
	r := c.r
	until := p.until(c.asOf)
	if daysBetween(p.start, until) < 10 {
		return
	}
	write := func(day time.Time, kind, status string) {
		if !c.inWindow(day) && !(status == "Planned" && day.After(c.asOf)) {
			return
		}
		c.out.emit(fileHealth, rec{
			"clah_health_check_id":     c.id("HC"),
			"clah_person_id":           ch.id,
			"clah_health_check_type":   kind,
			"clah_health_check_date":   isoDateTime(day),
			"clah_health_check_status": status,
		})
	}
	// planned writes the next check if it falls due soon after AsOf.
	planned := func(due time.Time, kind string) {
		if p.open() && due.After(c.asOf) && daysBetween(c.asOf, due) <= 42 {
			write(due, kind, "Planned")
		}
	}

	// Initial health assessment.
	var last time.Time
	ihaDue := addWeekdays(p.start, 20)
	day := addWeekdays(p.start, between(r, 21, 60))
	if chance(r, c.rate(0.6, 0.06, 0.16, ch.team, ihaDue)) {
		day = addWeekdays(p.start, between(r, 8, 20))
	}
	switch {
	case !day.Before(until):
		planned(day, checkInitial)
	case ageAt(ch.dob, day) >= 12 && chance(r, 0.04):
		write(day, checkInitial, "Refused")
		last = day
	case chance(r, 0.04):
		write(day, checkInitial, "Cancelled")
		if day = addDays(day, between(r, 7, 30)); day.Before(until) {
			write(day, checkInitial, "Completed")
			last = day
		}
	default:
		write(day, checkInitial, "Completed")
		last = day
	}

	// Review health assessments.
	for !last.IsZero() {
		months := 12
		if ageAt(ch.dob, last) < 5 {
			months = 6
		}
		due := addMonths(last, months)
		day := addDays(due, between(r, 1, 100))
		if chance(r, c.rate(0.85, 0.04, 0.08, ch.team, due)) {
			day = addDays(due, -between(r, 0, 40))
		}
		if !day.Before(until) {
			planned(due, checkReview)
			break
		}
		kind := checkReview
		if chance(r, 0.15) {
			kind = checkReview2
		}
		status := "Completed"
		if ageAt(ch.dob, day) >= 12 && chance(r, 0.05) {
			status = "Refused"
		}
		write(day, kind, status)
		last = day
	}

	c.writeDental(ch, p, until, write, planned)
}

// writeDental writes the period's dental checks, from age 1, about yearly.
func (c *council) writeDental(ch *child, p *period, until time.Time, write func(time.Time, string, string), planned func(time.Time, string)) {
	r := c.r
	day := maxDate(addDays(p.start, between(r, 30, 200)), ch.dob.AddDate(1, 0, 0))
	for day.Before(until) {
		status := choose(r, []choice[string]{{94, "Completed"}, {3, "Refused"}, {3, "Cancelled"}})
		write(day, checkDental, status)
		if chance(r, c.rate(0.8, 0.05, 0.08, ch.team, day)) {
			day = addDays(day, between(r, 150, 365))
		} else {
			day = addDays(day, between(r, 366, 560))
		}
	}
	planned(day, checkDental)
}
