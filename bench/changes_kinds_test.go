package bench

import (
	"strings"
	"testing"
	"time"
)

// checkUpdates finds placement end dates corrected one to three days
// earlier, corrected participation, and review dates moved, some across a
// 31 March; each with nothing else about the row changed.
func checkUpdates(t *testing.T, before, after folder, asOf time.Time) {
	pb, pa := byID(before.files[filePlacements]), byID(after.files[filePlacements])
	ends := 0
	for id, b := range pb {
		a, ok := pa[id]
		if !ok || a["clap_cla_placement_end_date"] == b["clap_cla_placement_end_date"] {
			continue
		}
		be, _ := time.Parse(ukDate, b["clap_cla_placement_end_date"])
		ae, err := time.Parse(ukDate, a["clap_cla_placement_end_date"])
		if d := be.Sub(ae).Hours() / 24; err != nil || d < 1 || d > 3 {
			t.Errorf("placement %s end %s → %s: want 1-3 days earlier", id, b["clap_cla_placement_end_date"], a["clap_cla_placement_end_date"])
		}
		if other := onlyChanged(a, b, "clap_cla_placement_end_date"); other != nil {
			t.Errorf("placement %s: %v changed too", id, other)
		}
		ends++
	}

	rb, ra := byID(before.files[fileReviews]), byID(after.files[fileReviews])
	participation, moved, across := 0, 0, 0
	year := func(d time.Time) int {
		if d.Month() < time.April {
			return d.Year() - 1
		}
		return d.Year()
	}
	for id, b := range rb {
		a, ok := ra[id]
		if !ok {
			continue
		}
		if a["clar_cla_review_participation"] != b["clar_cla_review_participation"] {
			participation++
			if other := onlyChanged(a, b, "clar_cla_review_participation"); other != nil {
				t.Errorf("review %s: %v changed too", id, other)
			}
		}
		if a["clar_cla_review_date"] != b["clar_cla_review_date"] {
			moved++
			bd, _ := isoDay(b["clar_cla_review_date"])
			ad, err := isoDay(a["clar_cla_review_date"])
			if err != nil || !ad.Before(asOf) || a["clar_cla_review_date"][10:] != b["clar_cla_review_date"][10:] {
				t.Errorf("review %s moved %s → %s: want a day before %s at the same time", id, b["clar_cla_review_date"], a["clar_cla_review_date"], asOf.Format(time.DateOnly))
			}
			if year(ad) != year(bd) {
				across++
			}
			if other := onlyChanged(a, b, "clar_cla_review_date"); other != nil {
				t.Errorf("review %s: %v changed too", id, other)
			}
		}
	}
	t.Logf("%d placement ends corrected, %d participations corrected, %d reviews moved (%d across a year end)", ends, participation, moved, across)
	if ends == 0 || participation == 0 || moved == 0 || across == 0 {
		t.Errorf("%d placement ends, %d participations, %d review dates (%d across 31 March) corrected: want some of each", ends, participation, moved, across)
	}
}

// checkSplits finds episodes split in two by a change of legal status: a
// new episode (reason L) of a child already in the source starts the day
// an episode of theirs now ends with X1, ending when that one used to;
// a C2 legal status starts that day; and the old episode's reviews and
// visits from that day are the new one's.
func checkSplits(t *testing.T, before, after folder) {
	eb, ea := byID(before.files[fileEpisodes]), byID(after.files[fileEpisodes])
	c2 := map[string]bool{}
	for _, l := range after.files[fileLegal].rows() {
		if l["lega_legal_status"] == "C2" {
			c2[l["lega_person_id"]+"/"+l["lega_legal_status_start_date"]] = true
		}
	}
	dated := datedRows(after)
	endingOn := map[string][]string{} // the copy's episodes by child and end
	for id, a := range ea {
		k := a["clae_person_id"] + "/" + a["clae_cla_episode_ceased"]
		endingOn[k] = append(endingOn[k], id)
	}
	splits := 0
	for id, e := range ea {
		if _, old := eb[id]; old || !strings.HasPrefix(id, "BE") {
			continue
		}
		var parent map[string]string
		for _, pid := range endingOn[e["clae_person_id"]+"/"+e["clae_cla_episode_start_date"]] {
			if b := eb[pid]; b != nil && ea[pid]["clae_cla_episode_ceased"] != b["clae_cla_episode_ceased"] {
				parent = b
				if a := ea[pid]; a["clae_cla_episode_ceased_reason"] != "X1" || onlyChanged(a, b, "clae_cla_episode_ceased", "clae_cla_episode_ceased_reason") != nil {
					t.Errorf("split episode %s: %v → %v", pid, b, a)
				}
			}
		}
		if parent == nil {
			if eb[e["clae_cla_episode_id"]] == nil && e["clae_cla_episode_start_reason"] == "S" {
				continue // a new child's
			}
			t.Errorf("new episode %v: no episode of the child ends the day it starts", e)
			continue
		}
		splits++
		if e["clae_cla_episode_start_reason"] != "L" || e["clae_cla_episode_ceased"] != parent["clae_cla_episode_ceased"] ||
			e["clae_cla_placement_id"] != parent["clae_cla_placement_id"] {
			t.Errorf("split of %v: new episode %v", parent, e)
		}
		if !c2[e["clae_person_id"]+"/"+e["clae_cla_episode_start_date"]] {
			t.Errorf("split episode %s: no C2 legal status starts %s", id, e["clae_cla_episode_start_date"])
		}
		day, _ := isoDay(e["clae_cla_episode_start_date"])
		for _, r := range dated[parent["clae_cla_episode_id"]] {
			if !r.day.Before(day) {
				t.Errorf("%s line %d, dated on or after the split (%s), still names the old episode", r.file, r.line, day.Format(time.DateOnly))
			}
		}
	}
	t.Logf("%d episodes split", splits)
	if splits == 0 {
		t.Error("no episode split in two")
	}
}

// datedRow is a review or visit of an episode: its file, line and date.
type datedRow struct {
	file string
	line int
	day  time.Time
}

// datedRows are the reviews and visits of fo by episode.
func datedRows(fo folder) map[string][]datedRow {
	out := map[string][]datedRow{}
	for _, f := range []struct{ file, episode, date string }{
		{fileReviews, "clar_cla_episode_id", "clar_cla_review_date"},
		{fileVisits, "clav_cla_episode_id", "clav_cla_visit_date"},
	} {
		cf := fo.files[f.file]
		for i := range cf.records {
			if d, err := isoDay(cf.get(i, f.date)); err == nil {
				ep := cf.get(i, f.episode)
				out[ep] = append(out[ep], datedRow{file: f.file, line: i + 2, day: d})
			}
		}
	}
	return out
}

// checkNewChildren: each new child has a person row, one legal status, an
// open S episode with its placement, and a review after the episode
// starts and before the as-at date.
func checkNewChildren(t *testing.T, before, after folder, asOf time.Time) {
	people := byID(before.files[filePerson])
	legal := map[string]int{}
	for _, l := range after.files[fileLegal].rows() {
		legal[l["lega_person_id"]]++
	}
	placements := byID(after.files[filePlacements])
	reviews := map[string][]map[string]string{}
	for _, r := range after.files[fileReviews].rows() {
		reviews[r["clar_cla_episode_id"]] = append(reviews[r["clar_cla_episode_id"]], r)
	}
	episodes := map[string]map[string]string{}
	for _, e := range after.files[fileEpisodes].rows() {
		episodes[e["clae_person_id"]] = e
	}
	newKids := 0
	for _, p := range after.files[filePerson].rows() {
		if people[p["pers_person_id"]] != nil {
			continue
		}
		newKids++
		ep := episodes[p["pers_person_id"]]
		switch {
		case ep == nil:
			t.Errorf("new child %s has no episode", p["pers_person_id"])
		case legal[p["pers_person_id"]] != 1:
			t.Errorf("new child %s has %d legal statuses", p["pers_person_id"], legal[p["pers_person_id"]])
		case ep["clae_cla_episode_start_reason"] != "S" || ep["clae_cla_episode_ceased"] != "":
			t.Errorf("new child %s: episode %v is not an open S episode", p["pers_person_id"], ep)
		case placements[ep["clae_cla_placement_id"]]["clap_cla_episode_id"] != ep["clae_cla_episode_id"]:
			t.Errorf("new child %s: episode's placement %s missing", p["pers_person_id"], ep["clae_cla_placement_id"])
		case len(reviews[ep["clae_cla_episode_id"]]) != 1:
			t.Errorf("new child %s: %d reviews, want 1", p["pers_person_id"], len(reviews[ep["clae_cla_episode_id"]]))
		default:
			start, _ := isoDay(ep["clae_cla_episode_start_date"])
			day, err := isoDay(reviews[ep["clae_cla_episode_id"]][0]["clar_cla_review_date"])
			if err != nil || !day.After(start) || !day.Before(asOf) {
				t.Errorf("new child %s: review on %v, episode from %s", p["pers_person_id"], day, start)
			}
		}
	}
	if newKids == 0 {
		t.Error("no new children")
	}
}
