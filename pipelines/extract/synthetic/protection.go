package synthetic

import (
	"context"
	"time"
)

// Child protection at scale 1: first strategy discussions leading to an
// initial conference per year (repeat plans and the plans of children who
// go on to enter care come on top), and section 47 enquiries that lead to
// no conference.
const (
	cpCasesPerYear     = 1220
	enquiryOnlyPerYear = 1000
)

// cpAgeBands are ages in days at the strategy discussion, weighted.
var cpAgeBands = []choice[[2]int]{
	{22, [2]int{0, 364}}, {28, [2]int{365, 5*365 - 1}}, {27, [2]int{5 * 365, 10*365 - 1}},
	{21, [2]int{10 * 365, 16*365 - 1}}, {2, [2]int{16 * 365, 17 * 365}},
}

// reviewsHeld is how many CP reviews a plan has, the last of which ends it
// (0: the plan ends before its first review).
var reviewsHeld = []choice[int]{{12, 0}, {25, 1}, {33, 2}, {20, 3}, {7, 4}, {2, 5}, {1, 6}}

var cpParticipation = []choice[string]{
	{30, "PN1"}, {10, "PN2"}, {3, "PN3"}, {5, "PN4"}, {15, "PN5"}, {27, "PN6"}, {10, "PN7"},
}

// cpReview is one CP review conference.
type cpReview struct {
	due, day time.Time
	cont     bool // the plan continues
	quorate  bool
}

// cpCase is a strategy discussion, its section 47 enquiry, the initial
// conference and the plan (if any) that followed.
type cpCase struct {
	strategy, s47End time.Time
	transferIn       bool
	target, icpc     time.Time
	plan             bool
	start, end       time.Time // end zero: open at AsOf
	reviews          []cpReview
	initial, latest  string
}

// simulateCP draws a case from a strategy discussion. With endAt set the
// plan ends that day (the child became looked after) and is always made.
func (c *council) simulateCP(ch *child, strategy, endAt time.Time) *cpCase {
	r := c.r
	cs := &cpCase{strategy: strategy}
	cs.transferIn = endAt.IsZero() && chance(r, 0.05)
	if cs.transferIn {
		cs.icpc = weekdayOnOrAfter(strategy)
	} else {
		cs.target = addWeekdays(strategy, 15)
		if chance(r, c.rate(0.85, 0.03, 0.08, ch.team, strategy)) {
			cs.icpc = addWeekdays(strategy, between(r, 7, 15))
		} else {
			cs.icpc = addWeekdays(cs.target, between(r, 1, 20))
		}
		cs.s47End = dayBetween(r, addDays(strategy, 3), cs.icpc)
	}
	cs.plan = !endAt.IsZero() || chance(r, 0.9)
	if !cs.plan || cs.icpc.After(c.asOf) {
		cs.plan = cs.plan && !cs.icpc.After(c.asOf)
		return cs
	}
	cs.start = cs.icpc
	cs.initial = choose(r, abuseCategories)
	cs.latest = cs.initial
	if chance(r, 0.1) {
		cs.latest = choose(r, abuseCategories)
	}
	k := choose(r, reviewsHeld)
	offCycle := chance(r, 0.08)
	if k == 0 {
		cs.end = addDays(cs.start, between(r, 20, 90))
	}
	prev := cs.start
	for seq := 1; seq <= k || !endAt.IsZero(); seq++ {
		due := addMonths(prev, 6)
		if seq == 1 {
			due = addMonths(prev, 3)
		}
		day := weekdayOnOrBefore(addDays(due, -expDays(r, 4)))
		if !chance(r, c.rate(0.95, 0.015, 0.03, ch.team, due)) {
			day = weekdayOnOrAfter(addDays(due, 1+expDays(r, 10)))
		}
		if !endAt.IsZero() && !day.Before(endAt) {
			cs.end = endAt
			break
		}
		if day.After(c.asOf) {
			break
		}
		rv := cpReview{due: due, day: day, cont: seq < k || offCycle || !endAt.IsZero(), quorate: chance(r, 0.96)}
		cs.reviews = append(cs.reviews, rv)
		prev = day
		if endAt.IsZero() && seq == k {
			cs.end = day
			if offCycle {
				cs.end = addDays(day, between(r, 10, 150))
			}
		}
	}
	if cs.end.After(c.asOf) {
		cs.end = time.Time{}
	}
	return cs
}

// relevant reports whether a case reaches the written history.
func (c *council) relevant(cs *cpCase) bool {
	if cs.plan {
		return cs.end.IsZero() || !cs.end.Before(c.lookback)
	}
	return !cs.icpc.Before(c.lookback)
}

// protectionChildren simulates children whose cases start from three years
// before the window (plans last up to about three years) and writes those
// whose cases reach it. About 18% have a second plan later.
func (c *council) protectionChildren(ctx context.Context) error {
	from := c.windowStart.AddDate(-3, 0, 0)
	x := 0.0
	for n := 0; ; n++ {
		x += c.r.ExpFloat64() * 365 / (cpCasesPerYear * c.size)
		t := addDays(from, int(x))
		if t.After(c.asOf) {
			return nil
		}
		band := choose(c.r, cpAgeBands)
		ch := c.newChild(addDays(t, -between(c.r, band[0], band[1])), 0.5)
		cases := []*cpCase{c.simulateCP(ch, t, time.Time{})}
		for {
			last := cases[len(cases)-1]
			if !last.plan || last.end.IsZero() || !chance(c.r, 0.18) {
				break
			}
			next := addDays(last.end, between(c.r, 60, 730))
			if next.After(c.asOf) || ageAt(ch.dob, next) >= 17 {
				break
			}
			cases = append(cases, c.simulateCP(ch, next, time.Time{}))
		}
		var keep []*cpCase
		for _, cs := range cases {
			if c.relevant(cs) {
				keep = append(keep, cs)
			}
		}
		if len(keep) == 0 {
			continue
		}
		if err := checkEvery(ctx, n); err != nil {
			return err
		}
		c.identify(ch)
		last := keep[len(keep)-1]
		ch.lastSeen = c.asOf
		if !last.end.IsZero() {
			ch.lastSeen = last.end
		}
		c.writePerson(ch, chance(c.r, 0.1) && ageAt(ch.dob, ch.lastSeen) >= 4)
		for _, cs := range keep {
			c.writeCPCase(ch, cs)
		}
		if c.out.err != nil {
			return c.out.err
		}
	}
}

// priorCase draws the CP plan a child was on before entering care on
// entry; the plan ends that day. It returns nil if there was no time for
// one.
func (c *council) priorCase(ch *child, entry time.Time) *cpCase {
	strategy := maxDate(addDays(entry, -between(c.r, 50, 540)), addDays(ch.dob, 1))
	if daysBetween(strategy, entry) < 40 || strategy.After(c.asOf) {
		return nil
	}
	cs := c.simulateCP(ch, strategy, entry)
	if !cs.plan || !cs.start.Before(entry) {
		return nil
	}
	return cs
}

// writeCPCase writes a case's enquiry, conference, plan, reviews and the
// involvement of the social worker and the IRO who chairs.
func (c *council) writeCPCase(ch *child, cs *cpCase) {
	r := c.r
	s47ID := ""
	if !cs.transferIn {
		s47ID = c.id("SE")
		c.out.emit(fileS47, rec{
			"s47e_s47_enquiry_id": s47ID,
			"s47e_person_id":      ch.id,
			"s47e_s47_start_date": isoDateTime(cs.strategy),
			"s47e_s47_end_date":   isoDateTime(cs.s47End),
			"s47e_s47_nfa":        "N",
		})
	}
	icpcID, planID := c.id("IC"), ""
	if cs.plan {
		planID = c.id("PP")
	}
	c.out.emit(fileConferences, rec{
		"icpc_icpc_id":              icpcID,
		"icpc_person_id":            ch.id,
		"icpc_s47_enquiry_id":       s47ID,
		"icpc_icpc_target_date":     isoDateTime(cs.target),
		"icpc_icpc_date":            isoDateTime(cs.icpc),
		"icpc_icpc_transfer_in":     yn(cs.transferIn),
		"icpc_icpc_outcome_cp_flag": yn(cs.plan),
		"icpc_cp_plan_id":           planID,
	})
	swEnd := cs.end
	if !cs.plan {
		swEnd = minDate(addDays(cs.icpc, between(r, 30, 120)), c.asOf)
	}
	sws := c.allocate(c.staff.sws[ch.team], cs.strategy, swEnd, 0.45, ch.sw)
	ch.sw = sws[len(sws)-1].w
	c.writeInvolvements(ch.id, roleSW, sws)
	if !cs.plan {
		return
	}
	c.out.emit(fileCPPlans, rec{
		"cppl_cp_plan_id":               planID,
		"cppl_person_id":                ch.id,
		"cppl_icpc_id":                  icpcID,
		"cppl_cp_plan_start_date":       isoDateTime(cs.start),
		"cppl_cp_plan_end_date":         isoDateTime(cs.end),
		"cppl_cp_plan_initial_category": cs.initial,
		"cppl_cp_plan_latest_category":  cs.latest,
		"cppl_cp_plan_ola":              "N",
	})
	for _, rv := range cs.reviews {
		pn := "PN0"
		if ageAt(ch.dob, rv.day) >= 4 {
			pn = choose(r, cpParticipation)
		}
		c.out.emit(fileCPReviews, rec{
			"cppr_cp_review_id":            c.id("PR"),
			"cppr_cp_plan_id":              planID,
			"cppr_cp_review_due":           isoDateTime(rv.due),
			"cppr_cp_review_date":          isoDateTime(rv.day),
			"cppr_cp_review_quorate":       yn(rv.quorate),
			"cppr_cp_review_outcome":       yn(rv.cont),
			"cppr_cp_review_participation": coded(c.sr, "PN", pn),
		})
	}
	chairs := c.allocate(c.staff.iros, cs.start, cs.end, 0.1, ch.iro)
	c.writeInvolvements(ch.id, roleIRO, chairs)
}

// enquiryOnlyChildren writes children whose only contact is a section 47
// enquiry that led to no conference.
func (c *council) enquiryOnlyChildren(ctx context.Context) error {
	x := 0.0
	for n := 0; ; n++ {
		x += c.r.ExpFloat64() * 365 / (enquiryOnlyPerYear * c.size)
		t := addDays(c.lookback, int(x))
		if t.After(c.asOf) {
			return nil
		}
		if err := checkEvery(ctx, n); err != nil {
			return err
		}
		band := choose(c.r, cpAgeBands)
		ch := c.newChild(addDays(t, -between(c.r, band[0], band[1])), 0.5)
		c.identify(ch)
		end := addDays(t, between(c.r, 5, 35))
		if end.After(c.asOf) {
			end = time.Time{}
		}
		ch.lastSeen = t
		c.writePerson(ch, false)
		c.out.emit(fileS47, rec{
			"s47e_s47_enquiry_id": c.id("SE"),
			"s47e_person_id":      ch.id,
			"s47e_s47_start_date": isoDateTime(t),
			"s47e_s47_end_date":   isoDateTime(end),
			"s47e_s47_nfa":        yn(chance(c.r, 0.7)),
		})
		if c.out.err != nil {
			return c.out.err
		}
	}
}
