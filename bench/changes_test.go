package bench

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"carewh/pipelines/extract/synthetic"
)

// TestChangeOnePercentOtherFiles: a file with no update or insert of its
// own keeps its header and 99 of every 100 data rows; rows 50, 150, 250
// are deleted.
func TestChangeOnePercentOtherFiles(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	lines := []string{"id,value"}
	for i := 1; i <= 250; i++ {
		lines = append(lines, "r"+strings.Repeat("x", i%3)+","+string(rune('a'+i%26)))
	}
	body := strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(src, "t.csv"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := changeOnePercent(src, dst, DefaultAsOf); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dst, "t.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for n, l := range lines {
		if n == 50 || n == 150 || n == 250 {
			continue
		}
		want = append(want, l)
	}
	if string(got) != strings.Join(want, "\n")+"\n" {
		t.Errorf("changed copy has %d lines, want %d", strings.Count(string(got), "\n"), len(want))
	}
	if !changedCopyCurrent(dst) {
		t.Error("the changed copy does not record how it was made")
	}
}

// keyed reads a CSV file of dir as rows by the value of column key.
func keyed(t *testing.T, dir, file, key string) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	err := eachRecord(filepath.Join(dir, file), func(col map[string]int, rec []string) error {
		row := make(map[string]string, len(col))
		for h, i := range col {
			row[h] = rec[i]
		}
		out[row[key]] = row
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestChangeOnePercentSynthetic changes a generated council and finds
// each kind of change in the copy: deletions in every file, corrected
// placement end dates and participation, new reviews of children still
// looked after, and new children with one open episode and the rows it
// needs.
func TestChangeOnePercentSynthetic(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	asOf := time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	if _, err := synthetic.WriteDir(context.Background(), src, synthetic.Options{Seed: 3, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	if err := changeOnePercent(src, dst, asOf); err != nil {
		t.Fatal(err)
	}

	// Placements: a third of the changed rows are end dates moved 1-3
	// days earlier, nothing else changed.
	before := keyed(t, src, filePlacements, "clap_cla_placement_id")
	after := keyed(t, dst, filePlacements, "clap_cla_placement_id")
	moved, deleted := 0, 0
	for id, b := range before {
		a, ok := after[id]
		if !ok {
			deleted++
			continue
		}
		if a["clap_cla_placement_end_date"] == b["clap_cla_placement_end_date"] {
			continue
		}
		be, _ := time.Parse("02/01/2006", b["clap_cla_placement_end_date"])
		ae, err := time.Parse("02/01/2006", a["clap_cla_placement_end_date"])
		if d := be.Sub(ae).Hours() / 24; err != nil || d < 1 || d > 3 {
			t.Errorf("placement %s end %s → %s: want 1-3 days earlier", id, b["clap_cla_placement_end_date"], a["clap_cla_placement_end_date"])
		}
		a["clap_cla_placement_end_date"] = b["clap_cla_placement_end_date"]
		for k := range b {
			if a[k] != b[k] {
				t.Errorf("placement %s: %s changed too", id, k)
			}
		}
		moved++
	}
	if moved == 0 || deleted == 0 {
		t.Errorf("placements: %d end dates corrected, %d deleted; want some of each", moved, deleted)
	}

	// New children: one open S episode each, with a person, a legal
	// status and the placement the episode names.
	episodes := keyed(t, dst, fileEpisodes, "clae_cla_episode_id")
	people := keyed(t, dst, filePerson, "pers_person_id")
	legal := map[string]int{}
	for _, l := range keyed(t, dst, fileLegal, "lega_legal_status_id") {
		legal[l["lega_person_id"]]++
	}
	newKids := 0
	for _, e := range episodes {
		if !strings.HasPrefix(e["clae_person_id"], "BP") {
			continue
		}
		newKids++
		p := e["clae_person_id"]
		pl, ok := after[e["clae_cla_placement_id"]]
		switch {
		case people[p] == nil:
			t.Errorf("new child %s has no person row", p)
		case legal[p] != 1:
			t.Errorf("new child %s has %d legal statuses", p, legal[p])
		case !ok || pl["clap_cla_episode_id"] != e["clae_cla_episode_id"]:
			t.Errorf("new child %s: episode's placement %s missing", p, e["clae_cla_placement_id"])
		case e["clae_cla_episode_start_reason"] != "S" || e["clae_cla_episode_ceased"] != "":
			t.Errorf("new child %s: episode %v is not an open S episode", p, e)
		}
	}
	if newKids == 0 {
		t.Error("no new children")
	}

	// New reviews: of an episode open in the source, dated after it
	// started and on or before the as-at date. Corrected participation.
	open := map[string]time.Time{}
	for _, e := range keyed(t, src, fileEpisodes, "clae_cla_episode_id") {
		if e["clae_cla_episode_ceased"] == "" {
			open[e["clae_cla_episode_id"]], _ = time.Parse(time.DateOnly, firstTen(e["clae_cla_episode_start_date"]))
		}
	}
	rvBefore := keyed(t, src, fileReviews, "clar_cla_review_id")
	newReviews, corrected := 0, 0
	for id, r := range keyed(t, dst, fileReviews, "clar_cla_review_id") {
		b, ok := rvBefore[id]
		if ok {
			if b["clar_cla_review_participation"] != r["clar_cla_review_participation"] {
				corrected++
			}
			continue
		}
		newReviews++
		start, isOpen := open[r["clar_cla_episode_id"]]
		day, err := time.Parse(time.DateOnly, firstTen(r["clar_cla_review_date"]))
		if !isOpen || err != nil || !day.After(start) || day.After(asOf) {
			t.Errorf("new review %s of episode %s on %s: want an open episode's, after its start %s and by %s",
				id, r["clar_cla_episode_id"], r["clar_cla_review_date"], start.Format(time.DateOnly), asOf.Format(time.DateOnly))
		}
	}
	if newReviews == 0 || corrected == 0 {
		t.Errorf("%d new reviews, %d corrected participations; want some of each", newReviews, corrected)
	}

	// About 1% of every file's rows change.
	for _, f := range []string{filePlacements, fileReviews, "ssd_cla_visits.csv", filePerson} {
		s, d := countLines(t, filepath.Join(src, f)), countLines(t, filepath.Join(dst, f))
		if !slices.Contains([]string{filePerson, fileReviews}, f) && d >= s {
			t.Errorf("%s: %d rows → %d, want fewer", f, s, d)
		}
		if diff := float64(s-d) / float64(s); diff < -0.01 || diff > 0.011 {
			t.Errorf("%s: %d rows → %d, more than 1%% changed", f, s, d)
		}
	}
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n") - 1
}
