package synthetic

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/pipelines/extract/ssda903"
)

// rejections collects what a reader quarantines.
type rejections struct {
	mu  sync.Mutex
	got []canonical.Rejection
}

func (q *rejections) Reject(r canonical.Rejection) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.got = append(q.got, r)
	return nil
}

// readReturn reads one canonical table from an SSDA903 folder with the
// ssda903 source, returning its row count and what it quarantined.
func readReturn(t *testing.T, dir, name string) (int64, []canonical.Rejection) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	table, err := canonical.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	src, err := ssda903.New(mem, ssda903.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	q := &rejections{}
	r, err := src.Open(context.Background(), table, q)
	if err != nil {
		t.Fatalf("opening %s: %v", name, err)
	}
	defer r.Release()
	var n int64
	for r.Next() {
		n += r.RecordBatch().NumRows()
	}
	if err := r.Err(); err != nil {
		t.Fatalf("reading %s: %v", name, err)
	}
	return n, q.got
}

func uk(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("02/01/2006", s)
	if err != nil {
		t.Fatalf("date %q: %v", s, err)
	}
	return d
}

// TestSSDA903Return writes the 2023-24 return of the synthetic council
// with conflicts made often, checks what a real return would hold, finds
// each counted conflict in it, and reads it with the ssda903 source.
func TestSSDA903Return(t *testing.T) {
	rates := ConflictRates{
		OverlappingEpisodes: 0.05, SameDayEpisodes: 0.05, OpenNotLast: 0.05,
		X1OnOpen: 0.05, EndAfterAsAt: 0.05, ReviewAfterAsAt: 0.05,
		RNEAfterCeased: 0.5, DuplicateNewID: 0.01,
	}
	dir := t.TempDir()
	sum, err := WriteSSDA903(context.Background(), dir, Options{Seed: 7, Conflicts: &rates}, 2024)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("rows %v, faults %v", sum.Rows, sum.Faults)
	yearDir := filepath.Join(dir, "2024")
	first, last := time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)

	_, header := readCSV(t, yearDir, file903Header)
	children := map[string]bool{}
	for _, h := range header {
		children[h["CHILD"]] = true
	}
	_, episodes := readCSV(t, yearDir, file903Episode)
	seen := map[string]int64{}
	firstEp := map[string]map[string]string{}
	byKey := map[string]int{}
	for _, e := range episodes {
		if !children[e["CHILD"]] {
			t.Errorf("episode of %s, who has no Header row", e["CHILD"])
		}
		start := uk(t, e["DECOM"])
		if start.After(last) || (e["DEC"] != "" && uk(t, e["DEC"]).Before(first)) {
			t.Errorf("episode %s %s–%s is not open in 2023-24", e["CHILD"], e["DECOM"], e["DEC"])
		}
		if e["DEC"] == "" && e["REC"] == "X1" {
			seen[FaultX1OnOpen]++
		}
		if e["DEC"] != "" && uk(t, e["DEC"]).After(last) {
			seen[FaultEndAfterAsAt]++
		}
		if byKey[e["CHILD"]+e["DECOM"]]++; byKey[e["CHILD"]+e["DECOM"]] == 2 {
			seen[FaultSameDayEpisodes]++
		}
		if f := firstEp[e["CHILD"]]; f == nil || start.Before(uk(t, f["DECOM"])) {
			firstEp[e["CHILD"]] = e
		}
	}
	if len(firstEp) != len(children) {
		t.Errorf("%d children have episodes, %d Header rows", len(firstEp), len(children))
	}
	// Left-censored children: looked after on 1 April, their first listed
	// episode began before it with the RNE it really had.
	censored := 0
	for _, e := range firstEp {
		if uk(t, e["DECOM"]).Before(first) && e["RNE"] != "S" {
			censored++
		}
	}
	if censored < len(firstEp)/10 {
		t.Errorf("%d of %d children are left-censored (first episode before 1 April 2023, RNE not S); want many", censored, len(firstEp))
	}

	_, reviews := readCSV(t, yearDir, file903Reviews)
	reviewKeys := map[string]int{}
	for _, r := range reviews {
		day := uk(t, r["REVIEW"])
		if day.Before(first) {
			t.Errorf("review of %s on %s is before the year", r["CHILD"], r["REVIEW"])
		}
		reviewKeys[r["CHILD"]+r["REVIEW"]]++
		switch n := reviewKeys[r["CHILD"]+r["REVIEW"]]; {
		case n == 2:
			seen[FaultDuplicateNewID]++
		case n == 1 && day.After(last):
			seen[FaultReviewAfterAsAt]++
		}
	}
	for _, k := range []string{FaultX1OnOpen, FaultEndAfterAsAt, FaultSameDayEpisodes, FaultReviewAfterAsAt, FaultDuplicateNewID} {
		if sum.Faults[k] == 0 || seen[k] != sum.Faults[k] {
			t.Errorf("%s: %d in the return, summary says %d (want more than 0)", k, seen[k], sum.Faults[k])
		}
	}
	for _, k := range []string{FaultOverlappingEpisodes, FaultOpenNotLast, FaultRNEAfterCeased} {
		if sum.Faults[k] == 0 {
			t.Errorf("no %s in the return", k)
		}
	}

	// The ssda903 source reads every row, and sets none aside: one
	// return has nothing to supersede and the generator writes no
	// malformed record.
	_, ad1 := readCSV(t, yearDir, file903AD1)
	_, placed := readCSV(t, yearDir, file903Placed)
	decisions := map[string]bool{}
	for _, rows := range [][]map[string]string{ad1, placed} {
		for _, r := range rows {
			d := r["DATE_INT"] + r["DATE_PLACED"]
			decisions[r["CHILD"]+"|"+d] = true
		}
	}
	if len(ad1) == 0 || len(placed) == 0 {
		t.Errorf("%d AD1 and %d PlacedAdoption rows; want some of each", len(ad1), len(placed))
	}
	for table, want := range map[string]int64{
		"person":       int64(len(header)),
		"cla_episodes": int64(len(episodes)),
		"cla_reviews":  int64(len(reviews)),
		"permanence":   int64(len(decisions)),
	} {
		got, rejected := readReturn(t, dir, table)
		if got != want {
			t.Errorf("ssda903 read %d %s rows, want %d", got, table, want)
		}
		for _, r := range rejected {
			t.Errorf("%s: quarantined %s line %d: %s %s", table, r.Source, r.Line, r.Rule, r.Message)
		}
	}
}
