package synthetic

import (
	"context"
	"time"
)

// claEntriesPerYear is the rate of first entries into care at scale 1,
// before growth. With re-entries it keeps about 2,000 children looked
// after.
const claEntriesPerYear = 720

// entryGrowth is the yearly growth of entries over the history window.
const entryGrowth = 0.03

// lookedAfterChildren simulates first entries into care from 18 years
// before the window (so the population at the window start is in steady
// state) up to AsOf, and writes every child in care at some time in the
// window.
func (c *council) lookedAfterChildren(ctx context.Context) error {
	x := 0.0 // days since burnStart, fractional
	for n := 0; ; n++ {
		t := addDays(c.burnStart, int(x))
		rate := claEntriesPerYear * c.size * (1 + entryGrowth*6*c.yearFraction(t))
		x += c.r.ExpFloat64() * 365 / rate
		entry := addDays(c.burnStart, int(x))
		if entry.After(addDays(c.asOf, futureEntrantDays)) {
			return nil
		}
		plan := c.planLookedAfter(entry)
		if !plan.overlaps(c.windowStart) {
			continue
		}
		if err := checkEvery(ctx, n); err != nil {
			return err
		}
		if entry.After(c.asOf) {
			c.writeFutureEntrant(plan)
		} else {
			c.writeLookedAfter(plan)
		}
		if c.out.err != nil {
			return c.out.err
		}
	}
}

// futureEntrantDays is how far past AsOf entries are simulated: children
// who will enter care soon are on child protection plans at AsOf.
const futureEntrantDays = 540

// writeFutureEntrant writes the child protection plan, open at AsOf, of a
// child who will enter care after AsOf. Their care is not written.
func (c *council) writeFutureEntrant(plan *lookedAfterPlan) {
	if !plan.priorCP {
		return
	}
	male := 0.0
	if plan.male {
		male = 1
	}
	ch := c.newChild(plan.dob, male)
	cs := c.priorCase(ch, plan.periods[0].start)
	if cs == nil || cs.start.After(c.asOf) {
		return
	}
	c.identify(ch)
	ch.lastSeen = c.asOf
	c.writePerson(ch, false)
	c.writeCPCase(ch, cs)
}

// writeLookedAfter simulates and writes one looked-after child.
func (c *council) writeLookedAfter(plan *lookedAfterPlan) {
	male := 0.0
	if plan.male {
		male = 1
	}
	ch := c.newChild(plan.dob, male)
	c.identify(ch)
	last := plan.periods[len(plan.periods)-1]
	ch.lastSeen = minDate(last.end, c.asOf)
	if last.reason == "E2" && !last.end.After(c.asOf) {
		ch.death = last.end
	}
	first := plan.periods[0]
	send := chance(c.r, 0.22) && ageAt(ch.dob, ch.lastSeen) >= 4
	c.writePerson(ch, send)
	if plan.priorCP && !first.start.Before(c.windowStart) {
		if cs := c.priorCase(ch, first.start); cs != nil {
			c.writeCPCase(ch, cs)
		}
	}
	written := 0
	for _, pp := range plan.periods {
		if pp.end.Before(c.windowStart) {
			continue
		}
		p := c.buildPeriod(ch, pp)
		p.reentry = written > 0
		c.writePeriod(ch, p)
		written++
	}
	if c.ret != nil && ch.inReturn {
		c.ret.header(c, ch)
	}
}

// writePeriod writes everything about one period of care.
func (c *council) writePeriod(ch *child, p *period) {
	c.writeCareHistory(ch, p)
	if c.ret != nil {
		c.ret.adoption(c, ch, p)
	}
	if p.shortBreak {
		return
	}
	iroFrom := addWeekdays(p.start, between(c.r, 0, 5))
	if p.open() || iroFrom.Before(p.stop) {
		iros := c.allocate(c.staff.iros, iroFrom, p.stop, 0.12, ch.iro)
		ch.iro = iros[len(iros)-1].w
		c.writeInvolvements(ch.id, roleIRO, iros)
		held := c.writeReviews(ch, p, iros)
		c.writeMidpoints(ch, p, held, iros)
		c.writeChallenges(ch, p, iros)
		c.writeCarePlans(ch, p, held)
	}
	sws := c.allocate(c.staff.sws[ch.team], p.start, p.stop, 0.45, ch.sw)
	ch.sw = sws[len(sws)-1].w
	c.writeInvolvements(ch.id, roleSW, sws)
	c.writeVisits(ch, p)
	c.writeHealth(ch, p)
	c.writePEPs(ch, p)
	c.writePermanence(ch, p)
	c.writeAudits(ch, p)
	c.writeStabilityMeetings(ch, p)
	c.writeLifeStory(ch, p)
}

// inWindow reports whether activity on d is written: from a year before
// the history window (so that the first year's look-backs work) to AsOf.
func (c *council) inWindow(d time.Time) bool {
	return !d.Before(c.lookback) && !d.After(c.asOf)
}
