package synthetic

import (
	"time"
)

// needCodes are CIN primary need codes at entry into care.
var needCodes = []choice[string]{
	{60, "N1"}, {4, "N2"}, {3, "N3"}, {10, "N4"}, {14, "N5"}, {2, "N6"}, {0.5, "N7"}, {6.5, "N8"},
}

// buildPeriod simulates a planned period in detail: legal statuses,
// placements and the episodes they make, cut at AsOf, with ids.
func (c *council) buildPeriod(ch *child, pp *plannedPeriod) *period {
	p := &period{plannedPeriod: pp, id: c.id("CLA"), need: choose(c.r, needCodes)}
	if pp.shortBreak {
		p.need = "N2"
	}
	legal := c.legalTimeline(ch.dob, pp)
	places := c.placementTimeline(ch, pp, legal)
	if pp.route == routeAged18 && pp.reason == "" {
		pp.reason = c.leavingAt18(places[len(places)-1].ptype)
	}
	if !pp.end.After(c.asOf) {
		p.stop = pp.end
	}

	pi := c.splitEpisodes(p, legal, places)
	last := &p.eps[len(p.eps)-1]
	last.end = p.stop
	if !p.open() {
		last.rec = pp.reason
	}

	for i := range legal {
		if legal[i].day.After(c.asOf) {
			break
		}
		ls := legalStatus{id: c.id("LS"), status: legal[i].status, start: legal[i].day, end: p.stop}
		if i+1 < len(legal) && !legal[i+1].day.After(c.asOf) {
			ls.end = legal[i+1].day
		}
		p.legal = append(p.legal, ls)
	}
	p.places = places[:pi+1]
	p.places[pi].end, p.places[pi].reason = p.stop, ""
	for i := range p.eps {
		p.eps[i].id = c.id("EP")
		if pl := &p.places[p.eps[i].place]; pl.episodeID == "" {
			pl.episodeID = p.eps[i].id
		}
	}
	for i := range p.places {
		p.places[i].id = c.id("PL")
		if !pp.shortBreak {
			c.locate(ch, &p.places[i])
		}
	}
	return p
}

// splitEpisodes makes the period's episodes: one starts wherever a legal
// status or a placement does, up to the as-at date, its reason for new
// episode saying which changed. It returns the index of the last
// placement reached.
func (c *council) splitEpisodes(p *period, legal []statusChange, places []placement) int {
	li, pi := 0, 0
	p.eps = append(p.eps, episode{start: p.start, rne: "S"})
	for {
		var next time.Time
		if li+1 < len(legal) {
			next = legal[li+1].day
		}
		if pi+1 < len(places) && (next.IsZero() || places[pi+1].start.Before(next)) {
			next = places[pi+1].start
		}
		if next.IsZero() || next.After(c.asOf) {
			break
		}
		legalChange := li+1 < len(legal) && legal[li+1].day.Equal(next)
		placeChange := pi+1 < len(places) && places[pi+1].start.Equal(next)
		if legalChange {
			li++
		}
		rne := "L"
		if placeChange {
			pi++
			same := places[pi].carer == places[pi-1].carer
			switch {
			case legalChange && same:
				rne = "U"
			case legalChange:
				rne = "B"
			case same:
				rne = "T"
			default:
				rne = "P"
			}
		}
		p.eps[len(p.eps)-1].end = next
		p.eps[len(p.eps)-1].rec = "X1"
		p.eps = append(p.eps, episode{start: next, rne: rne, place: pi})
	}
	return pi
}

// leavingAt18 draws why a young person left care at 18, by where they
// lived.
func (c *council) leavingAt18(ptype string) string {
	switch {
	case isFoster(ptype):
		return choose(c.r, []choice[string]{{40, "E17"}, {35, "E5"}, {10, "E6"}, {15, "E8"}})
	case ptype == "H5" || ptype == "K3" || ptype == "P2":
		return choose(c.r, []choice[string]{{70, "E5"}, {25, "E6"}, {5, "E8"}})
	case ptype == "K2":
		return choose(c.r, []choice[string]{{60, "E5"}, {15, "E6"}, {15, "E8"}, {10, "E13"}})
	default:
		return choose(c.r, []choice[string]{{60, "E5"}, {40, "E8"}})
	}
}

// writeCareHistory writes a period's legal statuses, placements (with
// their addresses) and episodes.
func (c *council) writeCareHistory(ch *child, p *period) {
	for _, l := range p.legal {
		c.out.emit(fileLegalStatus, rec{
			"lega_legal_status_id":         l.id,
			"lega_person_id":               ch.id,
			"lega_legal_status":            coded(c.sr, "LS", l.status),
			"lega_legal_status_start_date": isoDateTime(l.start),
			"lega_legal_status_end_date":   isoDateTime(l.end),
		})
	}
	for _, pl := range p.places {
		r := rec{
			"clap_cla_placement_id":            pl.id,
			"clap_cla_episode_id":              pl.episodeID,
			"clap_cla_id":                      p.id,
			"clap_cla_placement_start_date":    ukDate(pl.start),
			"clap_cla_placement_end_date":      ukDate(pl.end),
			"clap_cla_placement_type":          pl.ptype,
			"clap_cla_placement_provider":      pl.provider,
			"clap_cla_placement_change_reason": pl.reason,
			"clap_cla_placement_postcode":      pl.postcode,
			"clap_cla_placement_urn":           pl.urn,
			"clap_cla_placement_la":            pl.la,
		}
		if pl.postcode != "" {
			r["clap_cla_placement_distance"] = decimal(pl.distance)
		}
		c.out.emit(filePlacements, r)
		if pl.ptype != "P1" && pl.postcode != "" {
			c.writeAddress(ch.id, "Placement", pl.postcode, pl.start, pl.end)
		}
	}
	rows := c.episodeRows(p, p.reentry)
	if c.ret != nil {
		c.ret.episodes(c, ch, p, rows)
	}
	for _, e := range rows {
		if e.fault != "" && c.ret == nil {
			c.out.faults.counts[e.fault]++
		}
		c.out.emit(fileEpisodes, rec{
			"clae_cla_episode_id":            e.id,
			"clae_person_id":                 ch.id,
			"clae_cla_id":                    p.id,
			"clae_entered_care_date":         isoDateTime(p.start),
			"clae_cla_episode_start_date":    isoDateTime(e.start),
			"clae_cla_episode_start_reason":  coded(c.sr, "RNE", e.rne),
			"clae_cla_primary_need_code":     p.need,
			"clae_cla_placement_id":          p.places[e.place].id,
			"clae_cla_episode_ceased":        isoDateTime(e.end),
			"clae_cla_episode_ceased_reason": coded(c.sr, "REC", e.rec),
			hintFaulted:                      e.fault,
		})
	}
}
