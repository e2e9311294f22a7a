package synthetic

// writeVisits writes statutory social worker visits (reg 28): within a
// week of each placement starting, then about every six weeks, and every
// two to three months once a long-term placement has lasted a year.
func (c *council) writeVisits(ch *child, p *period) {
	r := c.r
	until := p.until(c.asOf)
	for _, pl := range p.places {
		end := until
		if !pl.end.IsZero() {
			end = pl.end
		}
		longTerm := pl.ptype == "U1" || pl.ptype == "U4" || pl.ptype == "A5" || pl.ptype == "A6"
		day := addDays(pl.start, between(r, 1, 7))
		if chance(r, 0.1) {
			day = addDays(pl.start, between(r, 8, 20))
		}
		for day.Before(end) && !day.After(c.asOf) {
			if c.inWindow(day) {
				seen := chance(r, 0.96)
				alone := seen && ageAt(ch.dob, day) >= 5 && chance(r, 0.65)
				c.out.emit(fileVisits, rec{
					"clav_cla_visit_id":         c.id("VS"),
					"clav_cla_episode_id":       p.episodeOn(day).id,
					"clav_cla_id":               p.id,
					"clav_cla_visit_date":       isoDateTime(atTime(day, between(r, 9, 18), 5*r.IntN(12))),
					"clav_cla_visit_seen":       yn(seen),
					"clav_cla_visit_seen_alone": yn(alone),
					"clav_casenote_id":          c.id("CN"),
				})
			}
			switch {
			case longTerm && daysBetween(pl.start, day) > 365:
				day = addDays(day, between(r, 42, 91))
			case chance(r, c.rate(0.9, 0.03, 0.06, ch.team, day)):
				day = addDays(day, between(r, 21, 42))
			default:
				day = addDays(day, between(r, 43, 70))
			}
		}
	}
}
