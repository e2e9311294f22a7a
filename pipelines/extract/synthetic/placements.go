package synthetic

import (
	"slices"
	"time"

	"carewh/canonical"
)

// moveKind is why a placement changes.
type moveKind int

const (
	moveRandom    moveKind = iota // breakdown or planned move
	moveSettle                    // from the emergency placement to a planned one
	moveLongTerm                  // same foster carer, now long-term (U6 to U4)
	movePlaced                    // placed for adoption
	moveKin                       // to relatives, ahead of a special guardianship order
	moveFoster                    // to foster carers, ahead of an SGO to them
	moveHome                      // placed with parents before discharge
	moveSemiIndep                 // semi-independent living before 18
)

type move struct {
	day  time.Time
	kind moveKind
}

// unplannedReasons are why placements break down, weighted.
var unplannedReasons = []choice[string]{
	{30, "CARPL"}, {22, "CREQB"}, {10, "CREQO"}, {12, "CHILD"}, {6, "LAREQ"},
	{3, "ALLEG"}, {3, "STAND"}, {3, "CLOSE"}, {1, "APPRR"}, {1, "CUSTOD"}, {9, "OTHER"},
}

// disruption reports whether a change reason is a breakdown rather than a
// planned move.
func disruption(reason string) bool {
	switch reason {
	case "CREQB", "CREQO", "CHILD", "ALLEG", "STAND":
		return true
	}
	return false
}

// isFoster reports whether a placement type is with foster carers.
func isFoster(t string) bool { return len(t) == 2 && t[0] == 'U' }

func isKinship(t string) bool { return t == "U1" || t == "U2" || t == "U3" }

// semiIndependent is the supported-accommodation code in force on d: H5
// until 2024/25, K3 from 2025/26.
func semiIndependent(d time.Time) string {
	if canonical.PlacementValidOn("H5", d) {
		return "H5"
	}
	return "K3"
}

// placementType draws the type of a new placement for a child aged age.
func (c *council) placementType(age int, d time.Time) string {
	switch {
	case age < 1:
		return choose(c.r, []choice[string]{{72, "U6"}, {15, "U3"}, {10, "R3"}, {3, "U4"}})
	case age < 8:
		return choose(c.r, []choice[string]{{70, "U6"}, {24, "U3"}, {6, "U4"}})
	case age < 10:
		return choose(c.r, []choice[string]{{66, "U6"}, {20, "U3"}, {6, "U4"}, {8, "K2"}})
	case age < 16:
		return choose(c.r, []choice[string]{{50, "U6"}, {12, "U3"}, {5, "U4"}, {28, "K2"}, {2, "S1"}, {1, "K1"}, {1, "R1"}, {1, "Z1"}})
	default:
		return choose(c.r, []choice[string]{{36, "U6"}, {8, "U3"}, {24, "K2"}, {28, semiIndependent(d)}, {2, "P2"}, {2, "T4"}})
	}
}

// provider draws the provider of a placement type.
func (c *council) provider(t string) string {
	switch {
	case isKinship(t):
		return "PR1"
	case isFoster(t):
		return choose(c.r, []choice[string]{{60, "PR1"}, {35, "PR4"}, {5, "PR5"}})
	case t == "K2":
		return choose(c.r, []choice[string]{{70, "PR4"}, {25, "PR1"}, {5, "PR5"}})
	case t == "K1":
		return pick(c.r, "PR1", "PR2")
	case t[0] == 'A':
		return choose(c.r, []choice[string]{{70, "PR1"}, {10, "PR2"}, {20, "PR5"}})
	case t == "P1":
		return "PR0"
	case t == "H5" || t == "K3" || t == "P2":
		return choose(c.r, []choice[string]{{60, "PR4"}, {30, "PR1"}, {10, "PR5"}})
	case t == "S1" || t == "R3":
		return pick(c.r, "PR4", "PR5", "PR3")
	case t == "R1" || t == "R5" || t == "R2":
		return "PR3"
	default: // temporary and other placements need no provider
		return ""
	}
}

// placementTimeline draws the placements of a period (before it is cut at
// AsOf). Every placement lasts at least a day; consecutive placements meet.
func (c *council) placementTimeline(ch *child, p *plannedPeriod, legal []statusChange) []placement {
	first := c.firstPlacementType(ch, p)
	cur := placement{start: p.start, ptype: first, provider: c.provider(first), carer: 1}
	if p.shortBreak {
		return []placement{cur}
	}
	return c.applyMoves(ch, p, cur, c.plannedMoves(ch, p, legal))
}

// firstPlacementType is the type of the period's first placement.
func (c *council) firstPlacementType(ch *child, p *plannedPeriod) string {
	r, s := c.r, p.start
	first := c.placementType(ageAt(ch.dob, s), s)
	switch {
	case p.shortBreak:
		first = p.shortLS // replaced below
	case !p.ffa.IsZero():
		first = "U5" // fostering for adoption
	case p.route == routeSGO && chance(r, 0.55):
		first = "U3"
	case p.reason == "E14" || p.reason == "E9":
		first = choose(r, []choice[string]{{20, "K1"}, {50, "U6"}, {30, "K2"}})
	}
	if p.shortBreak {
		first = pick(r, "K2", "K2", "U6")
	}
	return first
}

// plannedMoves are the moves the period might see, in date order: settling
// in, random moves (many for an unstable child), a long-term match, and
// the move its route ends with.
func (c *council) plannedMoves(ch *child, p *plannedPeriod, legal []statusChange) []move {
	r := c.r
	s, e := p.start, p.end
	age := func(d time.Time) int { return ageAt(ch.dob, d) }
	var moves []move
	add := func(d time.Time, k moveKind) {
		if d.After(s) && d.Before(e) {
			moves = append(moves, move{d, k})
		}
	}
	if chance(r, 0.3) {
		d := addDays(s, between(r, 5, 60))
		if len(legal) > 1 && daysBetween(s, legal[1].day) < 60 && chance(r, 0.5) {
			d = legal[1].day // moved when the order was made
		}
		add(d, moveSettle)
	}
	unstable := 0.06
	if age(s) >= 11 {
		unstable += 0.10
	}
	movesPerYear := 0.3
	if chance(r, unstable) {
		movesPerYear = 3
	}
	for d := addDays(s, expDays(r, 365/movesPerYear)); d.Before(e) && !d.After(c.asOf); d = addDays(d, 1+expDays(r, 365/movesPerYear)) {
		add(d, moveRandom)
	}
	if chance(r, 0.45) {
		add(addDays(s, between(r, 365, 730)), moveLongTerm)
	}
	switch {
	case p.route == routeAdoption && !p.placed.IsZero():
		add(p.placed, movePlaced)
	case p.route == routeSGO && (p.reason == "E45" || p.reason == "E46"):
		k := moveKin
		if p.reason == "E46" {
			k = moveFoster
		}
		add(maxDate(addDays(s, 14), addDays(e, -between(r, 90, 300))), k)
	case p.route == routeHomePlanned && legal[len(legal)-1].status == "C2" && chance(r, 0.3):
		add(addDays(e, -between(r, 60, 240)), moveHome)
	case p.route == routeAged18 && chance(r, 0.35):
		d := addDays(e, -between(r, 60, 500))
		if age(d) >= 16 {
			add(d, moveSemiIndep)
		}
	}
	slices.SortStableFunc(moves, func(a, b move) int { return a.day.Compare(b.day) })
	return moves
}

// applyMoves makes the placements from the first one and the moves that
// happen; a fostering-for-adoption child stays put until placed.
func (c *council) applyMoves(ch *child, p *plannedPeriod, cur placement, moves []move) []placement {
	var out []placement
	carers := 1
	frozen := !p.ffa.IsZero()
	for _, m := range moves {
		if daysBetween(cur.start, m.day) < 1 {
			continue
		}
		if frozen && m.kind != movePlaced {
			continue
		}
		next, same, reason, ok := c.movedTo(ch, p, cur, m)
		if !ok {
			continue
		}
		if m.kind == movePlaced {
			frozen = true
		}
		if same {
			next.carer = cur.carer
		} else {
			carers++
			next.carer = carers
		}
		next.provider = c.provider(next.ptype)
		if same {
			next.provider = cur.provider
		}
		cur.end, cur.reason = m.day, reason
		out = append(out, cur)
		cur = next
	}
	return append(out, cur)
}

// movedTo is the placement move m takes the child to from cur, whether it
// is with the same carer, and the reason cur ends; ok is false when the
// move does not happen (a long-term match from a placement that is not
// fostering, a kinship move for a child already with kin …).
func (c *council) movedTo(ch *child, p *plannedPeriod, cur placement, m move) (next placement, same bool, reason string, ok bool) {
	r := c.r
	next = placement{start: m.day}
	reason = "CARPL"
	switch m.kind {
	case moveRandom:
		next.ptype = c.placementType(ageAt(ch.dob, m.day), m.day)
		reason = choose(r, unplannedReasons)
	case moveSettle:
		next.ptype = c.placementType(ageAt(ch.dob, m.day), m.day)
	case moveLongTerm:
		switch cur.ptype {
		case "U6":
			next.ptype, same, reason = "U4", true, "PLACE"
		case "U3":
			next.ptype, same, reason = "U1", true, "PLACE"
		default:
			return next, false, "", false
		}
	case movePlaced:
		if p.byCarer && isFoster(cur.ptype) {
			next.ptype, same, reason = "A5", true, "PLACE"
		} else {
			p.byCarer = false
			next.ptype = "A6"
		}
	case moveKin:
		if isKinship(cur.ptype) {
			return next, false, "", false
		}
		next.ptype = "U3"
	case moveFoster:
		if isFoster(cur.ptype) && !isKinship(cur.ptype) {
			return next, false, "", false
		}
		next.ptype = "U6"
	case moveHome:
		next.ptype = "P1"
	case moveSemiIndep:
		if cur.ptype == "H5" || cur.ptype == "K3" {
			return next, false, "", false
		}
		next.ptype = semiIndependent(m.day)
	}
	return next, same, reason, true
}

// locate gives a placement its postcode, LA, URN and distance from home.
func (c *council) locate(ch *child, pl *placement) {
	r := c.r
	pl.urn = providerURN(r, pl.ptype)
	switch {
	case pl.ptype == "P1":
		pl.postcode, pl.la, pl.distance = ch.home, c.prof.name, 0
	case chance(r, 0.83):
		pl.postcode, pl.la = postcode(r, c.prof.areas), c.prof.name
		pl.distance = float64(between(r, 3, 250)) / 10
	default:
		o := pick(r, outOfArea...)
		pl.postcode, pl.la = postcode(r, []string{o.area}), o.la
		pl.distance = float64(between(r, 200, 1500)) / 10
	}
}
