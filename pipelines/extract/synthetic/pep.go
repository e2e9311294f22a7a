package synthetic

import "time"

// terms are the school terms a PEP review falls in: month and day each
// starts and ends.
var terms = []struct {
	fromMonth time.Month
	fromDay   int
	toMonth   time.Month
	toDay     int
}{
	{time.January, 6, time.March, 28},
	{time.April, 20, time.July, 18},
	{time.September, 5, time.December, 18},
}

// schoolAge reports whether a child born on dob is of compulsory school
// age on d (5 to 15).
func schoolAge(dob, d time.Time) bool {
	a := ageAt(dob, d)
	return a >= 5 && a < 16
}

// writePEPs writes personal education plans: an initial PEP for a
// school-age entrant, mostly within 10 working days, then a review each
// school term.
func (c *council) writePEPs(ch *child, p *period) {
	r := c.r
	until := p.until(c.asOf)
	write := func(day time.Time, kind, status string) {
		if !c.inWindow(day) && status != "planned" {
			return
		}
		c.out.emit(filePEP, rec{
			"pep_id":    c.id("PEP"),
			"person_id": ch.id,
			"pep_date":  isoDate(day),
			"pep_type":  kind,
			"status":    status,
		})
	}
	var last time.Time
	if schoolAge(ch.dob, p.start) {
		day := addWeekdays(p.start, between(r, 11, 40))
		if chance(r, c.rate(0.72, 0.06, 0.16, ch.team, p.start)) {
			day = addWeekdays(p.start, between(r, 2, 10))
		}
		if day.Before(until) {
			write(day, "initial", "completed")
			last = day
		}
	}
	limit := until // reviews planned for the coming weeks are written too
	if p.open() {
		limit = addDays(c.asOf, 60)
	}
	for y := p.start.Year(); y <= limit.Year(); y++ {
		for _, t := range terms {
			from := time.Date(y, t.fromMonth, t.fromDay, 0, 0, 0, 0, time.UTC)
			to := time.Date(y, t.toMonth, t.toDay, 0, 0, 0, 0, time.UTC)
			day := weekdayOnOrBefore(dayBetween(r, from, to))
			if day.Before(p.start) || !day.Before(limit) || !schoolAge(ch.dob, day) {
				continue
			}
			if !last.IsZero() && daysBetween(last, day) < 30 {
				continue
			}
			if !chance(r, c.rate(0.88, 0.04, 0.1, ch.team, day)) {
				continue
			}
			kind := "review"
			if last.IsZero() {
				kind = "initial"
			}
			status := "completed"
			switch {
			case day.After(c.asOf):
				status = "planned"
			case chance(r, 0.03):
				status = "cancelled"
			}
			write(day, kind, status)
			if status == "completed" {
				last = day
			}
		}
	}
}
