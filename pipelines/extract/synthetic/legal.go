package synthetic

import (
	"math/rand/v2"
	"time"
)

// statusChange is a legal status taking effect on a day.
type statusChange struct {
	day    time.Time
	status string
}

// legalTimeline draws the legal statuses of a period, in order, the first
// on its start day. Successive statuses are at least two days apart, and
// none starts on or after the planned end.
func (c *council) legalTimeline(dob time.Time, p *plannedPeriod) []statusChange {
	r := c.r
	s, e := p.start, p.end
	var out []statusChange
	add := func(d time.Time, status string) {
		if n := len(out); n > 0 {
			last := out[n-1]
			if status == last.status || daysBetween(last.day, d) < 2 || !d.Before(e) {
				return
			}
		}
		out = append(out, statusChange{d, status})
	}
	// careOrder is an interim care order, then a full one at the end of
	// proceedings.
	careOrder := func(t time.Time, lo, hi int) {
		add(t, "C1")
		add(addDays(t, between(r, lo, hi)), "C2")
	}
	if p.shortBreak {
		add(s, p.shortLS)
		return out
	}
	t := s
	if chance(r, 0.06) {
		add(s, pick(r, "L1", "L1", "L2"))
		t = addDays(s, between(r, 2, 8))
	}
	age := ageAt(dob, s)
	switch {
	case p.wasAdoption:
		adoptionStatuses(r, p, t, add)
	case p.route == routeSGO || p.route == routeCAO:
		if chance(r, 0.75) {
			add(t, "C1")
			if chance(r, 0.3) {
				add(addDays(t, between(r, 180, 365)), "C2")
			}
		} else {
			add(t, "V2")
		}
	case p.route == routeHomePlanned:
		if chance(r, 0.55) {
			add(t, "V2")
		} else {
			careOrder(t, 180, 330)
		}
	case p.route == routeHomeUnplanned:
		if chance(r, 0.75) {
			add(t, "V2")
		} else {
			add(t, "C1")
		}
	case p.route == routeAged18:
		if (age >= 14 && chance(r, 0.7)) || (age < 14 && chance(r, 0.15)) {
			add(t, "V2")
		} else {
			careOrder(t, 150, 400)
		}
	default:
		switch {
		case p.reason == "E14" || (p.reason == "E9" && chance(r, 0.5)):
			add(t, "J1")
		case chance(r, 0.6):
			add(t, "V2")
		default:
			careOrder(t, 150, 400)
		}
	}
	return out
}

// adoptionStatuses adds the statuses of a period planned for adoption from
// t: an interim care order (after s20 in a quarter of cases), then a
// placement order, revoked if the decision is reversed.
func adoptionStatuses(r *rand.Rand, p *plannedPeriod, t time.Time, add func(time.Time, string)) {
	if chance(r, 0.75) {
		add(t, "C1")
	} else {
		add(t, "V2")
		add(addDays(t, between(r, 30, 120)), "C1")
	}
	switch {
	case !p.po.IsZero():
		if chance(r, 0.15) {
			add(addDays(p.po, -between(r, 30, 200)), "C2")
		}
		add(p.po, "E1")
		if !p.reversed.IsZero() {
			// The placement order is revoked; the care order revives.
			add(addDays(p.reversed, between(r, 30, 120)), "C2")
		}
	case !p.reversed.IsZero():
		add(p.reversed, "C2") // a care order, but no placement order
	}
}
