package synthetic

import "time"

// Challenges per looked-after child per year: rising through the window,
// as IROs were pushed to challenge more (about 150 a year at its start to
// 600 at its end at scale 1).
const (
	challengeRateStart = 0.055
	challengeRateEnd   = 0.27
)

var challengeCategories = []choice[string]{
	{25, "care_plan"}, {20, "permanence"}, {15, "drift"}, {10, "placement"},
	{10, "health"}, {8, "education"}, {7, "contact"}, {5, "other"},
}

var challengeLevels = []choice[string]{
	{76, "informal"}, {15, "formal_1"}, {6, "formal_2"}, {2.5, "formal_3"}, {0.5, "cafcass"},
}

// nextLevel is where an escalated challenge goes.
var nextLevel = map[string]string{
	"informal": "formal_1", "formal_1": "formal_2", "formal_2": "formal_3", "formal_3": "cafcass",
}

// writeChallenges writes the IRO's challenges (dispute resolution) about a
// period's care, month by month inside the history window.
func (c *council) writeChallenges(ch *child, p *period, iros []alloc) {
	r := c.r
	until := p.until(c.asOf)
	mult := clampFloat(1+0.25*c.teams[ch.team].quality, 0.5, 1.5)
	for t := maxDate(p.start, c.windowStart); t.Before(until); t = addDays(t, 30) {
		f := c.yearFraction(t)
		perYear := (challengeRateStart + (challengeRateEnd-challengeRateStart)*f) * mult
		if !chance(r, perYear*30/365) {
			continue
		}
		day := weekdayOnOrAfter(addDays(t, r.IntN(30)))
		if !day.Before(until) || day.After(c.asOf) {
			continue
		}
		c.writeChallenge(ch, workerOn(iros, day), day, choose(r, challengeLevels), choose(r, challengeCategories))
	}
}

// writeChallenge writes one challenge and, if it is escalated, the next.
// About 70% of formal challenges are resolved within 20 working days.
func (c *council) writeChallenge(ch *child, iro *worker, raised time.Time, level, category string) {
	r := c.r
	var resolved time.Time
	switch {
	case level == "informal" && chance(r, 0.9):
		resolved = addWeekdays(raised, between(r, 1, 15))
	case level == "informal":
		resolved = addWeekdays(raised, between(r, 16, 40))
	case chance(r, c.rate(0.7, 0.06, 0.12, ch.team, raised)):
		resolved = addWeekdays(raised, between(r, 3, 20))
	default:
		resolved = addWeekdays(raised, between(r, 21, 60))
	}
	outcome := choose(r, []choice[string]{{80, "resolved"}, {10, "escalated"}, {7, "withdrawn"}})
	if outcome == "escalated" && level == "cafcass" {
		outcome = "resolved"
	}
	if resolved.After(c.asOf) {
		resolved, outcome = time.Time{}, "open"
	}
	c.out.emit(fileChallenges, rec{
		"challenge_id":    c.id("CH"),
		"person_id":       ch.id,
		"iro_id":          iro.id,
		"raised_date":     isoDate(raised),
		"category":        category,
		"level":           level,
		"resolved_date":   isoDate(resolved),
		"outcome":         outcome,
		"team_challenged": c.teams[ch.team].name,
	})
	if outcome == "escalated" {
		c.writeChallenge(ch, iro, resolved, nextLevel[level], category)
	}
}
