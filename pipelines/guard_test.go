package pipelines

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/config"
	"carewh/pipelines/lake"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
)

// runAccepting runs the pipeline with --accept-shrink's tables, returning
// its error and logs instead of failing the test.
func runAccepting(t *testing.T, cfg *config.Config, accept ...string) (lake.Manifest, string, error) {
	t.Helper()
	var logs bytes.Buffer
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	r := &Runner{Config: cfg, Models: sqlfiles.Files, Getenv: testEnv, Mem: mem, AcceptShrink: accept,
		Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	m, err := r.Run(context.Background())
	mem.AssertSize(t, 0)
	return m, logs.String(), err
}

// TestTruncatedExtractIsHeld: a header-only person file after a run with
// 13 children, and a reviews file cut in half, each hold the run (lake
// written, warehouse byte for byte unchanged, status held, the error and
// log naming the table and its counts); a whole extract afterwards
// publishes, compared with the last published run and not the held one;
// --accept-shrink publishes a shrink the operator vouches for.
func TestTruncatedExtractIsHeld(t *testing.T) {
	source := copyDir(t, "../testdata/golden/review_timeliness/source")
	cfg := testConfig(t, source, "2024-06-30")
	lk := lake.Lake{Root: cfg.LakeDir()}
	first := runPipeline(t, cfg)
	published := fileHash(t, cfg.WarehousePath())

	hold := func(name, baseline string, want ...string) lake.Manifest {
		t.Helper()
		m, logs, err := runAccepting(t, cfg)
		var held *HeldError
		if !errors.As(err, &held) {
			t.Fatalf("%s: err = %v, want a *HeldError", name, err)
		}
		if m.Status != lake.StatusHeld || m.WarehouseRebuilt {
			t.Errorf("%s: manifest status %s, rebuilt %v; want held, not rebuilt", name, m.Status, m.WarehouseRebuilt)
		}
		if fileHash(t, cfg.WarehousePath()) != published {
			t.Errorf("%s: a held run changed the warehouse", name)
		}
		onDisk, err := lk.Latest(func(o lake.Manifest) bool { return o.RunID == m.RunID })
		if err != nil || onDisk == nil || onDisk.Status != lake.StatusHeld || onDisk.Error != m.Error {
			t.Errorf("%s: ledger has %+v (%v)", name, onDisk, err)
		}
		if len(lakeDataFiles(t, cfg.LakeDir(), m.RunID)) == 0 {
			t.Errorf("%s: a held run wrote no lake files", name)
		}
		for _, w := range append(want, "compared with run "+baseline, "--accept-shrink") {
			if !strings.Contains(m.Error, w) {
				t.Errorf("%s: error lacks %q: %s", name, w, m.Error)
			}
		}
		if !strings.Contains(logs, "holding the run") {
			t.Errorf("%s: log does not say the run is held:\n%s", name, logs)
		}
		return m
	}

	person := filepath.Join(source, "ssd_person.csv")
	whole, err := os.ReadFile(person)
	if err != nil {
		t.Fatal(err)
	}
	header := whole[:bytes.IndexByte(whole, '\n')+1]
	if err := os.WriteFile(person, header, 0o644); err != nil {
		t.Fatal(err)
	}
	hold("header-only person", first.RunID, "person: no rows", "13 rows in the last published run, 0 now, 13 deleted")

	// Whole again: published, compared with the first run (its inputs are
	// the first run's, so nothing is ingested), not with the held run.
	if err := os.WriteFile(person, whole, 0o644); err != nil {
		t.Fatal(err)
	}
	again := runPipeline(t, cfg)
	if again.Status != lake.StatusSucceeded || again.Tables["person"].Rows != 13 || again.Tables["person"].Changed() {
		t.Errorf("whole extract after a held run: %s, person %+v", again.Status, again.Tables["person"])
	}
	published = fileHash(t, cfg.WarehousePath())

	reviews := filepath.Join(source, "ssd_cla_reviews.csv")
	allReviews, err := os.ReadFile(reviews)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(allReviews), "\n")
	half := strings.Join(lines[:1+18], "") // the header and 18 of 37 reviews
	if err := os.WriteFile(reviews, []byte(half), 0o644); err != nil {
		t.Fatal(err)
	}
	hold("reviews cut in half", again.RunID, "cla_reviews: lost 51% of its rows", "37 rows in the last published run, 18 now, 19 deleted")

	accepted, logs, err := runAccepting(t, cfg, "cla_reviews")
	if err != nil || accepted.Status != lake.StatusSucceeded || !accepted.WarehouseRebuilt ||
		!slices.Equal(accepted.ShrinkAccepted, []string{"cla_reviews"}) {
		t.Fatalf("--accept-shrink cla_reviews: %v, %+v", err, accepted)
	}
	if !strings.Contains(logs, "as --accept-shrink says") {
		t.Errorf("an accepted shrink is not logged:\n%s", logs)
	}
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM raw.cla_reviews").Scan(&n); err != nil || n != 18 {
		t.Errorf("after --accept-shrink the warehouse has %d reviews (%v), want 18", n, err)
	}
	db.Close()

	// The accepted run is the new baseline: the whole file again grows.
	if err := os.WriteFile(reviews, allReviews, 0o644); err != nil {
		t.Fatal(err)
	}
	grown := runPipeline(t, cfg)
	if r := grown.Tables["cla_reviews"]; grown.Status != lake.StatusSucceeded || r.Inserted != 19 || r.Deleted != 0 {
		t.Errorf("whole reviews after the accepted shrink: %s, %+v", grown.Status, r)
	}
}

func TestShrinks(t *testing.T) {
	guard := config.PublishGuard{MaxRowLoss: 0.10, MaxDeletions: 0.10}
	previous := &lake.Manifest{Tables: map[string]lake.TableStats{"person": {Rows: 100}, "cla_reviews": {Rows: 100}, "cla_episodes": {Rows: 100}}}
	m := &lake.Manifest{Tables: map[string]lake.TableStats{
		"person":       {Rows: 91, Deleted: 9},                 // within both limits
		"cla_reviews":  {Rows: 100, Inserted: 20, Deleted: 20}, // same count, a fifth replaced
		"cla_episodes": {Rows: 89, Deleted: 11},                // lost 11%
	}}
	got := shrinks(guard, m, previous)
	if len(got) != 2 || got[0].Table != "cla_episodes" || got[1].Table != "cla_reviews" {
		t.Fatalf("shrinks = %+v", got)
	}
	if !strings.Contains(got[0].Reason, "lost 11%") || !strings.Contains(got[0].Reason, "11% of its rows deleted") {
		t.Errorf("cla_episodes reason: %s", got[0].Reason)
	}
	if got[1].Reason != "20% of its rows deleted, more than publish_guard.max_deletions 10%" {
		t.Errorf("cla_reviews reason: %s", got[1].Reason)
	}
	if shrinks(guard, m, nil) != nil {
		t.Error("a first run was compared with nothing")
	}
}

// TestShrinksSmallTables: the shares hold a run only once at least
// publish_guard.min_rows rows are lost or deleted; a table left empty is
// held whatever its size.
func TestShrinksSmallTables(t *testing.T) {
	guard := config.PublishGuard{MaxRowLoss: 0.10, MaxDeletions: 0.10, MinRows: 10}
	previous := &lake.Manifest{RunID: "before", Tables: map[string]lake.TableStats{
		"professionals": {Rows: 13}, "person": {Rows: 200}, "cla_reviews": {Rows: 5}, "iro_challenges": {Rows: 100},
	}}
	now := &lake.Manifest{Tables: map[string]lake.TableStats{
		"professionals":  {Rows: 11, Deleted: 2}, // 15% lost, but 2 rows: not held
		"person":         {Rows: 170},            // 30 rows, 15%: held
		"cla_reviews":    {Rows: 0},              // empty: held
		"iro_challenges": {Rows: 100, Deleted: 12},
	}}
	var held []string
	for _, s := range shrinks(guard, now, previous) {
		held = append(held, s.Table)
	}
	if want := []string{"person", "cla_reviews", "iro_challenges"}; !slices.Equal(held, want) {
		t.Errorf("held %v, want %v", held, want)
	}
}
