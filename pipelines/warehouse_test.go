package pipelines

import (
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	sqlfiles "carewh/sql"
)

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// TestFailedRunLeavesWarehouseUntouched fails a run half way through the
// model build and checks the previous warehouse is byte for byte the same,
// still readable, and that the next run succeeds and records both.
func TestFailedRunLeavesWarehouseUntouched(t *testing.T) {
	cfg := testConfig(t, "../testdata/golden/review_timeliness/source", "2024-06-30")
	first := runPipeline(t, cfg)
	before := fileHash(t, cfg.WarehousePath())

	// A new as-at date makes the run rebuild the warehouse, though the data
	// have not changed.
	cfg.Reporting.AsOf = "2024-07-01"
	failing := &Runner{Config: cfg, Models: sqlfiles.Files, Getenv: testEnv,
		Mem: memory.NewCheckedAllocator(memory.NewGoAllocator()), failAfterModel: "core.periods_of_care"}
	failed, err := failing.Run(context.Background())
	cfg.Reporting.AsOf = "2024-06-30"
	var mf *ModelFailure
	if !errors.As(err, &mf) || mf.Model != "core.periods_of_care" {
		t.Fatalf("want a ModelFailure at core.periods_of_care, got %v", err)
	}
	if len(mf.Built) == 0 || mf.Built[len(mf.Built)-1] != "core.periods_of_care" {
		t.Errorf("ModelFailure.Built = %v", mf.Built)
	}
	if failed.Status != StatusFailed || failed.Error == "" {
		t.Errorf("failed run manifest = %+v", failed)
	}
	if after := fileHash(t, cfg.WarehousePath()); after != before {
		t.Error("a failed run changed the warehouse file")
	}
	if leftovers, _ := filepath.Glob(cfg.WarehousePath() + ".building*"); len(leftovers) > 0 {
		t.Errorf("failed run left %v", leftovers)
	}
	db, err := OpenWarehouse(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var runID string
	if err := db.QueryRow("SELECT run_id FROM ops.run_parameters").Scan(&runID); err != nil {
		t.Fatalf("old warehouse unreadable after a failed run: %v", err)
	}
	db.Close()
	if runID != first.RunID {
		t.Errorf("warehouse is from run %s, want %s", runID, first.RunID)
	}

	third := runPipeline(t, cfg)
	db, err = OpenWarehouse(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	statuses := map[string]string{}
	rows, err := db.Query("SELECT run_id, status FROM ops.runs")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, status string
		rows.Scan(&id, &status)
		statuses[id] = status
	}
	want := map[string]string{first.RunID: StatusSucceeded, failed.RunID: StatusFailed, third.RunID: StatusSucceeded}
	for id, status := range want {
		if statuses[id] != status {
			t.Errorf("ops.runs[%s] = %q, want %q (all: %v)", id, statuses[id], status, statuses)
		}
	}
}

// TestRerunIsIdempotent runs the same input twice: the marts are equal.
func TestRerunIsIdempotent(t *testing.T) {
	cfg := testConfig(t, "../testdata/golden/review_timeliness/source", "2024-06-30")
	people := goldenIDs(t, numberedIDs("C", 13), nil)
	snapshot := func() [][]string {
		runPipeline(t, cfg)
		db, err := OpenWarehouse(cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		return queryCSV(t, db, people, `SELECT * EXCLUDE (person_id), person_id AS person FROM marts.lac_review_timeliness ORDER BY review_id`)
	}
	first, second := snapshot(), snapshot()
	if len(first) < 2 {
		t.Fatal("no rows")
	}
	for i := range first {
		for j := range first[i] {
			if first[i][j] != second[i][j] {
				t.Fatalf("row %d differs between runs: %v vs %v", i, first[i], second[i])
			}
		}
	}
}
