package synthetic

import (
	"context"
	"math"
)

// shortBreakChildrenAtScale1 is how many disabled children have a series
// of short breaks (legal status V3 or V4 in every episode) over the
// window: about 3% of periods of care.
const shortBreakChildrenAtScale1 = 40

// shortBreakChildren writes children whose periods of care are all short
// breaks of a few nights, every few weeks, with the same carer.
func (c *council) shortBreakChildren(ctx context.Context) error {
	r := c.r
	n := int(math.Round(shortBreakChildrenAtScale1 * c.size))
	for i := range n {
		if err := checkEvery(ctx, i); err != nil {
			return err
		}
		first := dayBetween(r, c.lookback, addDays(c.asOf, -30))
		plan := &lookedAfterPlan{dob: addDays(first, -between(r, 6*365, 15*365)), male: chance(r, 0.6)}
		ls := pick(r, "V3", "V3", "V4")
		t := first
		for range between(r, 3, 10) {
			nights := between(r, 1, 5)
			plan.periods = append(plan.periods, &plannedPeriod{
				start: t, end: addDays(t, nights), route: routeHomePlanned,
				reason:     choose(r, []choice[string]{{85, "E4A"}, {15, "E8"}}),
				shortBreak: true, shortLS: ls,
			})
			t = addDays(t, nights+between(r, 21, 70))
			if t.After(c.asOf) || ageAt(plan.dob, t) >= 18 {
				break
			}
		}
		c.writeLookedAfter(plan)
		if c.out.err != nil {
			return c.out.err
		}
	}
	return nil
}
