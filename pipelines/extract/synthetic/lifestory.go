package synthetic

import "time"

// writeLifeStory writes the child's life story work, once, for the first
// period with a permanence plan (adoption, special guardianship, long-term
// care to 18). More plans get one, and sooner, in later years.
func (c *council) writeLifeStory(ch *child, p *period) {
	r := c.r
	if ch.lifeStory {
		return
	}
	var base time.Time
	switch {
	case p.wasAdoption && !p.po.IsZero():
		base = p.po
	case p.wasAdoption:
		base = addDays(p.adm, 60)
	case p.route == routeSGO:
		base = addDays(p.start, 120)
	case p.route == routeAged18 && daysBetween(p.start, p.end) > 730:
		base = addDays(p.start, 365)
	default:
		return
	}
	until := p.until(c.asOf)
	ch.lifeStory = true
	if !chance(r, c.rate(0.6, 0.05, 0.4, ch.team, base)) {
		return
	}
	started := addDays(base, between(r, 0, 150))
	if !started.Before(until) || !c.inWindow(started) {
		return
	}
	var completed time.Time
	if chance(r, 0.65) {
		completed = addDays(started, between(r, 60, 360))
		if completed.After(c.asOf) {
			completed = time.Time{}
		}
	}
	c.out.emit(fileLifeStory, rec{
		"person_id":      ch.id,
		"started_date":   isoDate(started),
		"completed_date": isoDate(completed),
	})
}
