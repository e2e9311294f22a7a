package synthetic

import (
	"cmp"
	"context"
	"slices"
	"testing"
	"time"
)

// decode maps a code or the description written in its place back to the
// code.
func decode(list, v string) string {
	for code, desc := range descriptions[list] {
		if v == desc {
			return code
		}
	}
	return v
}

// seenConflicts counts the conflicts visible in the files of dir, whose
// as-at date is asAt, by kind. Each count is worked out from the rows
// alone, without the generator's help.
func seenConflicts(t *testing.T, dir string, asAt time.Time) map[string]int64 {
	t.Helper()
	seen := map[string]int64{}
	type ep struct {
		line             int
		id, cla          string
		start, end       time.Time
		open             bool
		rne, rec         string
		startOK, endOKAt bool
	}
	byChild := map[string][]ep{}
	_, episodes := readCSV(t, dir, fileEpisodes)
	for i, e := range episodes {
		start, okS := parseStyled(e["clae_cla_episode_start_date"])
		end, okE := parseStyled(e["clae_cla_episode_ceased"])
		byChild[e["clae_person_id"]] = append(byChild[e["clae_person_id"]], ep{
			line: i, id: e["clae_cla_episode_id"], cla: e["clae_cla_id"],
			start: start, end: end, open: e["clae_cla_episode_ceased"] == "",
			rne:     decode("RNE", e["clae_cla_episode_start_reason"]),
			rec:     decode("REC", e["clae_cla_episode_ceased_reason"]),
			startOK: okS, endOKAt: okE,
		})
	}
	for _, eps := range byChild {
		slices.SortStableFunc(eps, func(a, b ep) int { return cmp.Or(a.start.Compare(b.start), cmp.Compare(a.line, b.line)) })
		for i, e := range eps {
			if e.open && e.rec == "X1" {
				seen[FaultX1OnOpen]++
			}
			if !e.open && e.end.After(asAt) {
				seen[FaultEndAfterAsAt]++
			}
			if i+1 == len(eps) {
				continue
			}
			next := eps[i+1]
			switch {
			case next.start.Equal(e.start) && next.id != e.id:
				seen[FaultSameDayEpisodes]++
			case e.open:
				seen[FaultOpenNotLast]++
			case e.end.After(next.start):
				seen[FaultOverlappingEpisodes]++
			case e.rec != "X1" && next.rne != "S":
				seen[FaultRNEAfterCeased]++
			}
		}
	}

	// Copies under new ids: rows whose content (all but the key) is
	// another row's.
	copies := func(stem, key string) {
		header, rows := readCSV(t, dir, stem)
		content := map[string]string{}
		for _, r := range rows {
			var k []byte
			for _, h := range header {
				if h != key {
					k = append(k, r[h]...)
					k = append(k, 0)
				}
			}
			if id, ok := content[string(k)]; ok && id != r[key] {
				seen[FaultDuplicateNewID]++
			}
			content[string(k)] = r[key]
		}
	}
	copies(fileCPPlans, "cppl_cp_plan_id")
	copies(filePlacements, "clap_cla_placement_id")
	copies(fileReviews, "clar_cla_review_id")

	_, reviews := readCSV(t, dir, fileReviews)
	for _, r := range reviews {
		if d, ok := parseStyled(r["clar_cla_review_date"]); ok && d.After(asAt) {
			seen[FaultReviewAfterAsAt]++
		}
	}
	return seen
}

// TestConflictsInFiles makes every conflict often, with no row faults to
// blur them, and finds each one the summary counts in the files.
func TestConflictsInFiles(t *testing.T) {
	rates := ConflictRates{
		OverlappingEpisodes: 0.05, SameDayEpisodes: 0.05, OpenNotLast: 0.05,
		X1OnOpen: 0.08, EndAfterAsAt: 0.08, ReviewAfterAsAt: 0.1,
		RNEAfterCeased: 0.5, DuplicateNewID: 0.01,
	}
	dir := t.TempDir()
	sum, err := writeDir(context.Background(), dir, Options{Seed: 11, AsOf: asOf, Conflicts: &rates}, tuning{size: 0.2, noRowFaults: true})
	if err != nil {
		t.Fatal(err)
	}
	seen := seenConflicts(t, dir, asOf)
	t.Logf("injected %v", sum.Faults)
	for _, k := range ConflictKinds {
		if sum.Faults[k] == 0 {
			t.Errorf("no %s injected", k)
		}
		if seen[k] != sum.Faults[k] {
			t.Errorf("%s: %d in the files, summary says %d", k, seen[k], sum.Faults[k])
		}
	}
}

// TestNoConflicts: with every rate zero the files are consistent, so the
// checks of TestConflictsInFiles find nothing by accident.
func TestNoConflicts(t *testing.T) {
	dir := t.TempDir()
	sum, err := writeDir(context.Background(), dir, Options{Seed: 11, AsOf: asOf, Conflicts: &NoConflicts}, tuning{size: 0.2, noRowFaults: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := sum.TotalFaults(); n != 0 {
		t.Errorf("%d faults with no conflicts and no row faults: %v", n, sum.Faults)
	}
	for k, n := range seenConflicts(t, dir, asOf) {
		t.Errorf("%d %s in the files with no conflicts injected", n, k)
	}
}

// TestDefaultConflicts: the default rates give every kind at scale 1, a
// small share of the rows.
func TestDefaultConflicts(t *testing.T) {
	dir, sum := scaleOne(t)
	var n int64
	for _, k := range ConflictKinds {
		n += sum.Faults[k]
		if sum.Faults[k] == 0 {
			t.Errorf("no %s at scale 1 with the default rates", k)
		}
	}
	if share := float64(n) / float64(sum.Rows[fileEpisodes]+sum.Rows[fileReviews]); share > 0.01 {
		t.Errorf("conflicts are %.2f%% of episodes and reviews, want under 1%%", 100*share)
	}
	seen := seenConflicts(t, dir, asOf)
	for _, k := range ConflictKinds {
		if seen[k] == 0 {
			t.Errorf("no %s in the scale-1 files", k)
		}
	}
}
