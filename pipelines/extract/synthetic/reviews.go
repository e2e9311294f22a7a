package synthetic

import (
	"time"
)

// participation is how children aged 4 or more take part in LAC reviews:
// about 96% participate (PN1-PN6).
var participation = []choice[string]{
	{36, "PN1"}, {8, "PN2"}, {3, "PN3"}, {3, "PN4"}, {19, "PN5"}, {27, "PN6"}, {4, "PN7"},
}

// reviewDue is the statutory due date of review seq (1-based) of a period
// that started on start, the previous review having been held on prev
// (reg 33: 20 working days, then 3 months, then 6 months).
func reviewDue(seq int, start, prev time.Time) time.Time {
	switch seq {
	case 1:
		return addWeekdays(start, 20)
	case 2:
		return addMonths(prev, 3)
	default:
		return addMonths(prev, 6)
	}
}

// writeReviews writes a period's LAC reviews and returns the days they
// were held. About 93% are on time, fewer in the early years and in weaker
// teams; some are brought forward; about 2% are cancelled and held again
// later.
func (c *council) writeReviews(ch *child, p *period, iros []alloc) []time.Time {
	r := c.r
	until := p.until(c.asOf)
	var held []time.Time
	var prev time.Time
	for seq := 1; ; seq++ {
		due := reviewDue(seq, p.start, prev)
		lower := addDays(p.start, 5)
		if seq > 1 {
			lower = addDays(prev, 14)
		}
		var day time.Time
		switch {
		case !chance(r, c.rate(0.945, 0.02, 0.05, ch.team, due)):
			day = weekdayOnOrAfter(addDays(due, 1+expDays(r, 12)))
		case seq > 1 && chance(r, 0.08):
			day = weekdayOnOrBefore(addDays(due, -between(r, 15, 50))) // brought forward
		default:
			day = weekdayOnOrBefore(addDays(due, -expDays(r, 5)))
		}
		if day.Before(lower) {
			day = weekdayOnOrAfter(lower)
		}
		if !day.Before(until) {
			if c.futureReview(p) {
				c.writeFutureReview(ch, p, iros, due, day)
			}
			return held
		}
		if chance(r, 0.02) {
			c.writeReview(ch, p, iros, seq, due, day, true)
			day = weekdayOnOrAfter(addDays(day, between(r, 3, 21)))
			if !day.Before(until) {
				return held
			}
		}
		c.writeReview(ch, p, iros, seq, due, day, false)
		held = append(held, day)
		prev = day
	}
}

// writeFutureReview writes the review due next as held on day, after the
// as-at date (FaultReviewAfterAsAt). It draws only on the style stream, so
// the simulation is the same with or without it.
func (c *council) writeFutureReview(ch *child, p *period, iros []alloc, due, day time.Time) {
	pn := "PN0"
	if ageAt(ch.dob, day) >= 4 {
		pn = choose(c.sr, participation)
	}
	c.out.emit(fileReviews, rec{
		"clar_cla_review_id":            c.id("RV"),
		"clar_cla_episode_id":           p.eps[len(p.eps)-1].id,
		"clar_cla_id":                   p.id,
		"clar_cla_review_due_date":      isoDateTime(due),
		"clar_cla_review_date":          isoDateTime(atTime(day, 10, 0)),
		"clar_cla_review_cancelled":     "N",
		"clar_cla_review_participation": coded(c.sr, "PN", pn),
		"clar_cla_review_iro_id":        workerOn(iros, c.asOf).id,
		hintFaulted:                     FaultReviewAfterAsAt,
	})
	if c.ret != nil {
		c.ret.review(c, ch, day, pn)
	}
}

// writeReview writes one review row. The due date is the case system's:
// usually the statutory one, but sometimes worked out another way.
func (c *council) writeReview(ch *child, p *period, iros []alloc, seq int, due, day time.Time, cancelled bool) {
	r := c.r
	recorded := due
	if chance(r, 0.05) {
		if seq == 1 {
			recorded = addDays(p.start, 28)
		} else {
			recorded = addDays(due, between(r, -10, 10))
		}
	}
	pn := ""
	if !cancelled {
		if ageAt(ch.dob, day) < 4 {
			pn = "PN0"
		} else {
			pn = choose(r, participation)
		}
	}
	c.out.emit(fileReviews, rec{
		"clar_cla_review_id":            c.id("RV"),
		"clar_cla_episode_id":           p.episodeOn(day).id,
		"clar_cla_id":                   p.id,
		"clar_cla_review_due_date":      isoDateTime(recorded),
		"clar_cla_review_date":          isoDateTime(atTime(day, between(r, 9, 15), 15*r.IntN(4))),
		"clar_cla_review_cancelled":     yn(cancelled),
		"clar_cla_review_participation": coded(c.sr, "PN", pn),
		"clar_cla_review_iro_id":        workerOn(iros, day).id,
		hintEnteredCare:                 isoDate(p.start),
	})
	if c.ret != nil && !cancelled {
		c.ret.review(c, ch, day, pn)
	}
}

// writeMidpoints writes the IRO's mid-point checks: for about 85% of the
// intervals between reviews longer than six weeks, one check strictly
// inside the interval. The interval still open at AsOf gets one if its
// mid-point has passed.
func (c *council) writeMidpoints(ch *child, p *period, held []time.Time, iros []alloc) {
	r := c.r
	until := p.until(c.asOf)
	for i, from := range held {
		var to time.Time
		if i+1 < len(held) {
			to = held[i+1]
		} else {
			seq := i + 2
			to = minDate(reviewDue(seq, p.start, from), until)
		}
		gap := daysBetween(from, to)
		if gap <= 42 || !chance(r, c.rate(0.84, 0.04, 0.10, ch.team, to)) {
			continue
		}
		day := addDays(from, gap*3/10+r.IntN(gap*4/10))
		if !day.After(from) || !day.Before(to) || !day.Before(until) || !c.inWindow(day) {
			continue
		}
		c.out.emit(fileMidpoints, rec{
			"check_id":   c.id("MP"),
			"person_id":  ch.id,
			"cla_id":     p.id,
			"iro_id":     workerOn(iros, day).id,
			"check_date": isoDate(day),
			"outcome":    choose(r, []choice[string]{{80, "on_track"}, {15, "concern_raised"}, {5, "escalated"}}),
		})
	}
}
