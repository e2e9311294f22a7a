package synthetic

import (
	"time"
)

// route is how a period of care ends.
type route int

const (
	routeAdoption      route = iota
	routeSGO                 // special guardianship order
	routeCAO                 // child arrangements order
	routeHomePlanned         // E4A
	routeHomeUnplanned       // E4B
	routeAged18              // leaves care at 18: E17, E5, E6, E8
	routeOther               // E13, E3, E8, E9, E14, E15, E16, E2, E7
)

// ageBand is a band of age at entry into care, its share of entrants
// (DfE looked-after children statistics) and how its periods end. Over all
// bands about 12% of leavers are adopted, 12% leave on an SGO, 3% on a
// CAO, 22% return home as planned and 8% unplanned, 27% leave at 18.
type ageBand struct {
	share    float64
	from, to int // age in days at entry, [from, to)
	routes   []choice[route]
}

var ageBands = []ageBand{
	{0.20, 0, 365, []choice[route]{{45, routeAdoption}, {25, routeSGO}, {4, routeCAO}, {13, routeHomePlanned}, {4, routeHomeUnplanned}, {4, routeAged18}, {5, routeOther}}},
	{0.15, 365, 5 * 365, []choice[route]{{29, routeAdoption}, {22, routeSGO}, {5, routeCAO}, {18, routeHomePlanned}, {6, routeHomeUnplanned}, {11, routeAged18}, {9, routeOther}}},
	{0.17, 5 * 365, 10 * 365, []choice[route]{{3, routeAdoption}, {15, routeSGO}, {5, routeCAO}, {23, routeHomePlanned}, {8, routeHomeUnplanned}, {34, routeAged18}, {12, routeOther}}},
	{0.36, 10 * 365, 16 * 365, []choice[route]{{4, routeSGO}, {2, routeCAO}, {21, routeHomePlanned}, {12, routeHomeUnplanned}, {41, routeAged18}, {20, routeOther}}},
	{0.12, 16 * 365, 18*365 - 30, []choice[route]{{12, routeHomePlanned}, {8, routeHomeUnplanned}, {58, routeAged18}, {22, routeOther}}},
}

// plannedPeriod is the skeleton of a period of care, drawn before the
// child is simulated in detail: when it starts, how and when it ends, and
// the adoption milestones. end may be after AsOf.
type plannedPeriod struct {
	start, end time.Time
	route      route
	reason     string // REC at end; decided later for routeAged18
	shortBreak bool
	shortLS    string // V3 or V4, for short breaks
	// adoption route (zero when not reached or not applicable)
	adm, ffa, po, matched, placed time.Time
	reversed                      time.Time
	reversedReason                string
	byCarer                       bool // adopted by their foster carer
	wasAdoption                   bool // on the adoption route, even if reversed
}

// lookedAfterPlan is the skeleton of a looked-after child's life in care.
type lookedAfterPlan struct {
	dob     time.Time
	male    bool
	periods []*plannedPeriod
	priorCP bool // on a CP plan that ended when they first entered care
}

// overlaps reports whether any period is in care on or after from.
func (p *lookedAfterPlan) overlaps(from time.Time) bool {
	for _, pp := range p.periods {
		if !pp.end.Before(from) {
			return true
		}
	}
	return false
}

// planLookedAfter draws a child who enters care on entry.
func (c *council) planLookedAfter(entry time.Time) *lookedAfterPlan {
	bands := make([]choice[int], len(ageBands))
	for i, b := range ageBands {
		bands[i] = choice[int]{b.share, i}
	}
	b := ageBands[choose(c.r, bands)]
	ageDays := between(c.r, b.from, b.to-1)
	if b.from == 0 && chance(c.r, 0.4) {
		ageDays = between(c.r, 0, 30) // removed at or soon after birth
	}
	plan := &lookedAfterPlan{dob: addDays(entry, -ageDays), male: chance(c.r, 0.55)}
	plan.priorCP = ageDays < 16*365 && chance(c.r, 0.3) && ageDays > 20
	start := entry
	for {
		pp := c.planPeriod(plan.dob, start)
		plan.periods = append(plan.periods, pp)
		if pp.end.After(c.asOf) || !returnsHome(pp.reason) || !chance(c.r, 0.18) {
			return plan
		}
		next := addDays(pp.end, between(c.r, 30, 1100))
		if ageAt(plan.dob, next) >= 17 || next.After(c.asOf) {
			return plan
		}
		start = next
	}
}

func returnsHome(rec string) bool { return rec == "E4A" || rec == "E4B" || rec == "E13" }

// planPeriod draws how a period starting on start ends.
func (c *council) planPeriod(dob, start time.Time) *plannedPeriod {
	r := c.r
	ageDays := daysBetween(dob, start)
	band := ageBands[len(ageBands)-1]
	for _, b := range ageBands {
		if ageDays < b.to {
			band = b
			break
		}
	}
	p := &plannedPeriod{start: start, route: choose(r, band.routes)}
	eighteen := dob.AddDate(18, 0, 0)
	switch p.route {
	case routeAdoption:
		c.planAdoption(p, eighteen)
	case routeSGO:
		p.end = addDays(start, normalDays(r, 520, 180, 100, 1100))
		p.reason = choose(r, []choice[string]{{40, "E45"}, {15, "E46"}, {35, "E47"}, {10, "E48"}})
	case routeCAO:
		p.end = addDays(start, normalDays(r, 400, 150, 60, 900))
		p.reason = "E41"
	case routeHomePlanned:
		p.end = addDays(start, logNormalDays(r, 150, 1.0, 4, 2500))
		p.reason = "E4A"
	case routeHomeUnplanned:
		p.end = addDays(start, logNormalDays(r, 90, 1.0, 2, 2000))
		p.reason = "E4B"
	case routeAged18:
		p.end = eighteen
	case routeOther:
		c.planOther(p, ageDays/365, eighteen)
	}
	if !p.end.Before(eighteen) {
		p.end, p.route, p.reason = eighteen, routeAged18, ""
	}
	if !p.end.After(start) {
		p.end = addDays(start, 1)
	}
	return p
}

// planOther draws the less common ways a period ends.
func (c *council) planOther(p *plannedPeriod, age int, eighteen time.Time) {
	r := c.r
	cs := []choice[string]{{30, "E13"}, {14, "E3"}, {16, "E8"}, {4, "E16"}, {0.5, "E2"}}
	if age >= 12 {
		cs = append(cs, choice[string]{5, "E9"}, choice[string]{9, "E14"})
	}
	if age >= 15 {
		cs = append(cs, choice[string]{4, "E15"}, choice[string]{2, "E7"})
	}
	p.reason = choose(r, cs)
	switch p.reason {
	case "E14":
		p.end = addDays(p.start, logNormalDays(r, 40, 0.8, 2, 400))
	case "E15":
		p.end = addDays(p.start, logNormalDays(r, 90, 0.7, 7, 500))
	case "E7":
		p.end = addDays(eighteen, -between(r, 1, 30))
	default:
		p.end = addDays(p.start, logNormalDays(r, 220, 1.0, 3, 2500))
	}
	if !p.end.After(p.start) {
		p.end = addDays(p.start, between(r, 2, 30))
	}
}

// planAdoption draws the adoption milestones: an agency decision maker's
// decision, the placement order, the match and placement with adopters,
// and the adoption order that ends the period. Entry to placement averages
// about 15 months. About 8% of decisions are reversed, and the child then
// leaves on a special guardianship order or stays in long-term care.
func (c *council) planAdoption(p *plannedPeriod, eighteen time.Time) {
	r := c.r
	s := p.start
	p.wasAdoption = true
	if chance(r, 0.09) {
		p.ffa = addDays(s, between(r, 3, 45)) // fostering for adoption
	}
	p.adm = addDays(s, normalDays(r, 200, 60, 60, 420))
	p.po = maxDate(addDays(p.adm, between(r, 20, 120)), addDays(s, normalDays(r, 320, 80, 150, 650)))
	if chance(r, 0.08) {
		p.reversedReason = choose(r, []choice[string]{{30, "RD1"}, {20, "RD2"}, {35, "RD3"}, {15, "RD4"}})
		if p.reversedReason == "RD2" {
			p.reversed, p.po = p.po, time.Time{} // the court made no placement order
		} else {
			p.reversed = addDays(p.po, between(r, 30, 300))
		}
		if chance(r, 0.4) {
			p.route = routeSGO
			p.end = addDays(p.reversed, between(r, 120, 500))
			p.reason = pick(r, "E45", "E47", "E47")
		} else {
			p.route = routeAged18
			p.end = eighteen
		}
		return
	}
	p.byCarer = !p.ffa.IsZero() || chance(r, 0.10)
	if chance(r, 0.06) {
		p.matched = addDays(p.po, -between(r, 5, 60))
	} else {
		p.matched = addDays(p.po, logNormalDays(r, 100, 0.6, 14, 600))
	}
	if p.byCarer {
		p.placed = addDays(p.matched, between(r, 0, 14))
	} else {
		p.placed = addDays(p.matched, between(r, 7, 42))
	}
	p.placed = maxDate(p.placed, addDays(p.po, 1))
	p.end = addDays(p.placed, between(r, 110, 330))
	p.reason = choose(r, []choice[string]{{70, "E11"}, {30, "E12"}})
}
