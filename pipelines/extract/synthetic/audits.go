package synthetic

// auditsPerChildMonth gives about 30 audits a month among about 2,000
// looked-after children.
const auditsPerChildMonth = 0.015

var auditorRoles = []choice[string]{
	{40, "IRO Manager"}, {25, "Practice Manager"}, {25, "Quality Assurance Officer"}, {10, "Senior Manager"},
}

var grades = []string{"outstanding", "good", "requires_improvement", "inadequate"}

// writeAudits writes case audits of a period in the history window. About
// 50% are graded good or outstanding at the start of the window, 70% at
// its end, better in stronger teams; the IRO's grade is close to the
// overall one.
func (c *council) writeAudits(ch *child, p *period) {
	r := c.r
	until := p.until(c.asOf)
	for t := maxDate(p.start, c.windowStart); t.Before(until); t = addDays(t, 30) {
		if !chance(r, auditsPerChildMonth) {
			continue
		}
		day := weekdayOnOrAfter(addDays(t, r.IntN(30)))
		if !day.Before(until) || day.After(c.asOf) {
			continue
		}
		good := c.rate(0.6, 0.05, 0.2, ch.team, day)
		overall := c.grade(good)
		iro := overall
		if chance(r, 0.35) {
			iro = c.grade(good + 0.05)
		}
		impact := chance(r, c.rate(0.55, 0.04, 0.2, ch.team, day)+0.15*boolFloat(overall < 2))
		c.out.emit(fileAudits, rec{
			"audit_id":                c.id("AU"),
			"person_id":               ch.id,
			"audit_date":              isoDate(day),
			"auditor_role":            choose(r, auditorRoles),
			"overall_grade":           grades[overall],
			"iro_grade":               grades[iro],
			"impact_on_child_evident": yn(impact),
		})
	}
}

// grade draws a grade index with P(good or outstanding) = good.
func (c *council) grade(good float64) int {
	if chance(c.r, good) {
		if chance(c.r, 0.14) {
			return 0
		}
		return 1
	}
	if chance(c.r, 0.82) {
		return 2
	}
	return 3
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
