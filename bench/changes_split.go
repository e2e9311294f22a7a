package bench

import (
	"maps"
	"time"
)

// splitEpisode splits the child's latest episode that has room for it in
// two, as a change of legal status does: on the episode's middle day the
// interim care order or section 20 accommodation in force becomes a full
// care order (C2). The episode then ends that day with reason X1, a new
// episode (reason for new episode L, the same placement) starts it and
// ends as the old one did, the legal status ends that day and a C2 starts
// it, and the episode's reviews and visits from that day on move to the
// new episode.
func (cs *changeSet) splitEpisode(c *careRecords, asOf time.Time) bool {
	ids := map[string]int{}
	starts := map[time.Time]bool{}
	for _, e := range c.episodes {
		ids[e["clae_cla_episode_id"]]++
		if d, err := isoDay(e["clae_cla_episode_start_date"]); err == nil {
			starts[d] = true
		}
	}
	spans := episodeSpans(c, asOf)
	var best, bestLegal map[string]string
	var bestDay time.Time
	for _, e := range c.episodes {
		id := e["clae_cla_episode_id"]
		s, ok := spans[id]
		if !ok || id == "" || ids[id] > 1 {
			continue
		}
		day := s.start.AddDate(0, 0, int(s.end.Sub(s.start).Hours()/24)/2)
		if !day.After(s.start) || !day.Before(s.end) || !day.Before(asOf) || starts[day] || (best != nil && !day.After(bestDay)) {
			continue
		}
		if l := legalInForce(c, day); l != nil {
			best, bestLegal, bestDay = e, l, day
		}
	}
	if best == nil {
		return false
	}
	id, newEpisode := best["clae_cla_episode_id"], cs.newID("BE")
	e := cs.edit(fileEpisodes, id)
	e.set["clae_cla_episode_ceased"] = bestDay.Format(isoMidnight)
	e.set["clae_cla_episode_ceased_reason"] = "X1"
	next := maps.Clone(best)
	next["clae_cla_episode_id"] = newEpisode
	next["clae_cla_episode_start_date"] = bestDay.Format(isoMidnight)
	next["clae_cla_episode_start_reason"] = "L"
	e.after = append(e.after, next)

	l := cs.edit(fileLegal, bestLegal["lega_legal_status_id"])
	l.set["lega_legal_status_end_date"] = bestDay.Format(isoMidnight)
	l.after = append(l.after, map[string]string{
		"lega_legal_status_id": cs.newID("BS"), "lega_person_id": c.person, "lega_legal_status": "C2",
		"lega_legal_status_start_date": bestDay.Format(isoMidnight), "lega_legal_status_end_date": bestLegal["lega_legal_status_end_date"],
	})
	cs.repoint[id] = repoint{day: bestDay, to: newEpisode}
	return true
}

// legalInForce is the child's legal status in force on day, if it is an
// interim care order (C1) or section 20 accommodation (V2) that started
// before day, has an id of its own and no other status starts on day.
func legalInForce(c *careRecords, day time.Time) map[string]string {
	ids := map[string]int{}
	for _, l := range c.legal {
		ids[l["lega_legal_status_id"]]++
	}
	var found map[string]string
	var foundStart time.Time
	for _, l := range c.legal {
		start, err := isoDay(l["lega_legal_status_start_date"])
		if err != nil || start.After(day) {
			continue
		}
		if end := l["lega_legal_status_end_date"]; end != "" {
			if d, err := isoDay(end); err != nil || !d.After(day) {
				continue
			}
		}
		if found == nil || start.After(foundStart) || start.Equal(day) {
			found, foundStart = l, start
		}
	}
	if found == nil || !foundStart.Before(day) || ids[found["lega_legal_status_id"]] > 1 || found["lega_legal_status_id"] == "" {
		return nil
	}
	if s := found["lega_legal_status"]; s != "C1" && s != "V2" {
		return nil
	}
	return found
}
