package synthetic

import "time"

// writeStabilityMeetings writes disruption meetings after placements break
// down, stability meetings for the placement a child moves to, and a few
// for placements at risk that hold. More are held in later years.
func (c *council) writeStabilityMeetings(ch *child, p *period) {
	r := c.r
	write := func(placementID string, day time.Time, kind string) {
		if !c.inWindow(day) {
			return
		}
		c.out.emit(fileStability, rec{
			"meeting_id":   c.id("SM"),
			"person_id":    ch.id,
			"placement_id": placementID,
			"meeting_date": isoDate(weekdayOnOrAfter(day)),
			"meeting_type": kind,
		})
	}
	for i := range p.places {
		pl := &p.places[i]
		if i > 0 {
			prev := &p.places[i-1]
			if disruption(prev.reason) && chance(r, c.rate(0.4, 0.06, 0.35, ch.team, pl.start)) {
				write(prev.id, addDays(pl.start, between(r, 7, 42)), "disruption")
			}
			if prev.carer != pl.carer && chance(r, c.rate(0.25, 0.05, 0.25, ch.team, pl.start)) {
				day := addDays(pl.start, between(r, 14, 56))
				if pl.end.IsZero() || day.Before(pl.end) {
					write(pl.id, day, "stability")
				}
			}
		}
		if pl.end.IsZero() || daysBetween(pl.start, pl.end) > 180 {
			if chance(r, 0.03) {
				write(pl.id, addDays(pl.start, between(r, 60, 180)), "stability")
			}
		}
	}
}
