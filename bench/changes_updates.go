package bench

import (
	"maps"
	"slices"
	"time"
)

// updateKind is one correction of a child's care record.
type updateKind int

const (
	placementEndCorrected  updateKind = iota // a placement ended a few days earlier
	participationCorrected                   // a held review's participation
	reviewMoved                              // a review's date, across 31 March where one is near
	episodeSplit                             // a change of legal status part way through an episode
	updateKinds
)

// Date formats of the SSD files: placements write UK dates, the rest ISO
// date-times.
const (
	ukDate      = "02/01/2006"
	isoMidnight = "2006-01-02 00:00:00.000"
)

// planUpdates gives each updated child one correction: the kind their
// person id's hash names, or the next kind their rows allow. A child whose
// rows allow none is kept after all.
func (cs *changeSet) planUpdates(care map[string]*careRecords, asOf time.Time) {
	for _, p := range slices.Sorted(maps.Keys(cs.fates)) {
		if cs.fates[p] != fateUpdate {
			continue
		}
		c := care[p]
		done := false
		first := updateKind(hash64(p) % uint64(updateKinds))
		for i := range updateKinds {
			if c != nil && cs.update((first+i)%updateKinds, c, asOf) {
				done = true
				break
			}
		}
		if !done {
			delete(cs.fates, p)
		}
	}
}

// update plans correction kind of child c, and reports whether c's rows
// allow it.
func (cs *changeSet) update(kind updateKind, c *careRecords, asOf time.Time) bool {
	switch kind {
	case placementEndCorrected:
		return cs.correctPlacementEnd(c)
	case participationCorrected:
		return cs.correctParticipation(c)
	case reviewMoved:
		return cs.moveReview(c, asOf)
	case episodeSplit:
		return cs.splitEpisode(c, asOf)
	}
	return false
}

// correctPlacementEnd ends the child's latest ended placement (of at
// least four days) one to three days earlier.
func (cs *changeSet) correctPlacementEnd(c *careRecords) bool {
	var best map[string]string
	var bestEnd time.Time
	for _, pl := range c.placements {
		start, err1 := time.Parse(ukDate, pl["clap_cla_placement_start_date"])
		end, err2 := time.Parse(ukDate, pl["clap_cla_placement_end_date"])
		if err1 != nil || err2 != nil || pl["clap_cla_placement_id"] == "" || end.Before(start.AddDate(0, 0, 4)) {
			continue
		}
		if best == nil || end.After(bestEnd) {
			best, bestEnd = pl, end
		}
	}
	if best == nil {
		return false
	}
	days := 1 + int(hash64(best["clap_cla_placement_id"])%3)
	cs.edit(filePlacements, best["clap_cla_placement_id"]).set["clap_cla_placement_end_date"] = bestEnd.AddDate(0, 0, -days).Format(ukDate)
	return true
}

// correctedParticipation is a held review's participation corrected: a
// child recorded as not taking part did (PN1), one recorded as taking
// part did not (PN6).
var correctedParticipation = map[string]string{
	"PN1": "PN6", "PN2": "PN6", "PN3": "PN6", "PN4": "PN6",
	"PN5": "PN1", "PN6": "PN1", "PN7": "PN1",
}

// correctParticipation corrects the participation of the child's latest
// held review.
func (cs *changeSet) correctParticipation(c *careRecords) bool {
	var best map[string]string
	for _, r := range c.reviews {
		if _, ok := correctedParticipation[r["clar_cla_review_participation"]]; !ok || r["clar_cla_review_id"] == "" || r["clar_cla_review_cancelled"] != "N" {
			continue
		}
		if best == nil || r["clar_cla_review_date"] > best["clar_cla_review_date"] {
			best = r
		}
	}
	if best == nil {
		return false
	}
	cs.edit(fileReviews, best["clar_cla_review_id"]).set["clar_cla_review_participation"] = correctedParticipation[best["clar_cla_review_participation"]]
	return true
}

// moveReview moves one of the child's held reviews: one held within three
// weeks of a 31 March to the same distance on the other side of it, else
// the latest three days earlier. The new date stays inside the review's
// episode, before the as-at date and off every other review of the child.
func (cs *changeSet) moveReview(c *careRecords, asOf time.Time) bool {
	spans := episodeSpans(c, asOf)
	taken := map[time.Time]bool{}
	for _, r := range c.reviews {
		if d, err := isoDay(r["clar_cla_review_date"]); err == nil {
			taken[d] = true
		}
	}
	fits := func(r map[string]string, d time.Time) bool {
		s, ok := spans[r["clar_cla_episode_id"]]
		return ok && d.After(s.start) && d.Before(s.end) && d.Before(asOf) && !taken[d]
	}
	var across, earlier map[string]string
	var acrossDay, earlierDay time.Time
	for _, r := range c.reviews {
		day, err := isoDay(r["clar_cla_review_date"])
		if err != nil || r["clar_cla_review_id"] == "" || r["clar_cla_review_cancelled"] != "N" {
			continue
		}
		if d, ok := acrossYearEnd(day); ok && fits(r, d) && (across == nil || day.After(acrossDay)) {
			across, acrossDay = r, d
		}
		if d := day.AddDate(0, 0, -3); fits(r, d) && (earlier == nil || day.After(earlierDay.AddDate(0, 0, 3))) {
			earlier, earlierDay = r, d
		}
	}
	r, day := across, acrossDay
	if r == nil {
		r, day = earlier, earlierDay
	}
	if r == nil {
		return false
	}
	old := r["clar_cla_review_date"]
	cs.edit(fileReviews, r["clar_cla_review_id"]).set["clar_cla_review_date"] = day.Format(time.DateOnly) + old[len(time.DateOnly):]
	return true
}

// acrossYearEnd mirrors a day within three weeks of the end of a reporting
// year (31 March) to the other side of it: 31 March becomes 1 April, 25
// March 7 April, and 7 April 25 March.
func acrossYearEnd(day time.Time) (time.Time, bool) {
	newYear := time.Date(day.Year(), time.April, 1, 0, 0, 0, 0, time.UTC)
	diff := int(day.Sub(newYear).Hours() / 24)
	if diff < -21 || diff >= 21 {
		return time.Time{}, false
	}
	return newYear.AddDate(0, 0, -diff-1), true
}

// span is an episode's days: from start, up to but not including end (the
// as-at date for an open episode).
type span struct{ start, end time.Time }

// episodeSpans are the child's episodes with dates that parse, by id.
func episodeSpans(c *careRecords, asOf time.Time) map[string]span {
	out := map[string]span{}
	for _, e := range c.episodes {
		start, err := isoDay(e["clae_cla_episode_start_date"])
		if err != nil {
			continue
		}
		end := asOf
		if ceased := e["clae_cla_episode_ceased"]; ceased != "" {
			if end, err = isoDay(ceased); err != nil {
				continue
			}
		}
		out[e["clae_cla_episode_id"]] = span{start, end}
	}
	return out
}

// isoDay is the date of an ISO date or date-time.
func isoDay(s string) (time.Time, error) {
	return time.Parse(time.DateOnly, s[:min(len(s), len(time.DateOnly))])
}
