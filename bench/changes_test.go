package bench

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"carewh/pipelines/extract/synthetic"
)

// TestChangedCopyNoChildren: a source with no children is copied byte for
// byte, a last line without a line break too, and the copy records how
// it was made.
func TestChangedCopyNoChildren(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	body := "id,value\nr1,a\n\"r,2\",\"b \"\"quoted\"\"\"\nr3,c"
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
	if string(got) != body {
		t.Errorf("copy = %q, want %q", got, body)
	}
	if !changedCopyCurrent(dst) {
		t.Error("the changed copy does not record how it was made")
	}
}

// TestAcrossYearEnd: a day within three weeks of 31 March goes to the
// same distance on the other side; others do not move.
func TestAcrossYearEnd(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for from, want := range map[string]string{
		"2024-03-31": "2024-04-01", "2024-04-01": "2024-03-31", "2024-03-25": "2024-04-07",
		"2024-04-07": "2024-03-25", "2024-03-11": "2024-04-21", "2024-03-10": "", "2024-04-22": "", "2024-09-01": "",
	} {
		got, ok := acrossYearEnd(day(from))
		if want == "" {
			if ok {
				t.Errorf("%s moved to %s, want not moved", from, got.Format(time.DateOnly))
			}
			continue
		}
		if !ok || !got.Equal(day(want)) {
			t.Errorf("%s → %s %v, want %s", from, got.Format(time.DateOnly), ok, want)
		}
	}
}

// TestChangedCopy changes a generated council, then checks the copy
// (about 1% of children changed, each kind of change present, every other
// row as it was) and runs the pipeline over both.
func TestChangedCopy(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	asOf := DefaultAsOf
	if _, err := synthetic.WriteDir(context.Background(), src, synthetic.Options{Seed: 1, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	if err := changeOnePercent(src, dst, asOf); err != nil {
		t.Fatal(err)
	}
	t.Run("children", func(t *testing.T) { checkChangedChildren(t, src, dst, asOf) })
	t.Run("pipeline", func(t *testing.T) {
		if testing.Short() {
			t.Skip("two pipeline runs")
		}
		checkChangedRun(t, src, dst, asOf)
	})
}

func checkChangedChildren(t *testing.T, src, dst string, asOf time.Time) {
	via := childMaps(t, src, dst)
	before, after := readFolder(t, src, via), readFolder(t, dst, via)
	if len(before.files) != len(after.files) {
		t.Fatalf("%d files copied of %d", len(after.files), len(before.files))
	}

	// A child is changed when their lines of any file differ.
	changed := map[string]bool{}
	inBefore, inAfter := map[string]bool{}, map[string]bool{}
	for name := range before.files {
		b, a := before.linesOf(name), after.linesOf(name)
		for p, lines := range b {
			inBefore[p] = true
			if p != "" && !slices.Equal(lines, a[p]) {
				changed[p] = true
			}
		}
		for p, lines := range a {
			inAfter[p] = true
			if p != "" && !slices.Equal(lines, b[p]) {
				changed[p] = true
			}
			// An updated child loses no row: only whole children are
			// deleted.
			if inB := b[p]; p != "" && len(inB) > 0 && len(lines) < len(inB) {
				t.Errorf("%s: child %s has %d rows, %d in the source: part of a child deleted", name, p, len(lines), len(inB))
			}
		}
		if !slices.Equal(b[""], a[""]) {
			t.Errorf("%s: the rows of no child changed (%d → %d)", name, len(b[""]), len(a[""]))
		}
	}

	// Every row of every unchanged child, and every row of no child, is
	// copied byte for byte, in its place (the header too).
	for name, bf := range before.files {
		af := after.files[name]
		keep := func(f csvFile, owner []string) []string {
			out := []string{f.lines[0]}
			for i, p := range owner {
				if !changed[p] {
					out = append(out, f.lines[i+1])
				}
			}
			return out
		}
		kb, ka := keep(bf, before.owner[name]), keep(af, after.owner[name])
		if !slices.Equal(kb, ka) {
			t.Errorf("%s: the unchanged children's rows differ (%d lines in the source, %d in the copy)", name, len(kb), len(ka))
		}
	}

	// About 1% of the children change: a sixth deleted, half updated, a
	// third new.
	children := map[string]bool{}
	for i := range before.files[filePerson].records {
		children[before.files[filePerson].get(i, "pers_person_id")] = true
	}
	var deleted, updated, added int
	for p := range changed {
		switch {
		case !inAfter[p]:
			deleted++
		case !inBefore[p]:
			added++
		default:
			updated++
		}
	}
	share := float64(len(changed)) / float64(len(children))
	t.Logf("%d children: %d changed (%.2f%%): %d deleted, %d updated, %d new", len(children), len(changed), 100*share, deleted, updated, added)
	if share < 0.008 || share > 0.012 {
		t.Errorf("%.2f%% of the children changed, want about 1%%", 100*share)
	}
	if deleted == 0 || updated == 0 || added == 0 {
		t.Errorf("%d deleted, %d updated, %d new: want some of each", deleted, updated, added)
	}
	if f := float64(added) / float64(len(changed)); f < 0.25 || f > 0.42 {
		t.Errorf("new children are %.0f%% of the changed ones, want about a third", 100*f)
	}

	checkUpdates(t, before, after, asOf)
	checkSplits(t, before, after)
	checkNewChildren(t, before, after, asOf)
}
