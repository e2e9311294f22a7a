package pipelines

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/config"
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

// TestRerunIsIdempotent builds the warehouse, then builds it again from
// the same source (the warehouse removed, so the run reads the source,
// finds no change and builds every model anew, not carrying the first
// warehouse forward), and compares every table's rows. Only the run
// ledger, which records each run, may differ.
func TestRerunIsIdempotent(t *testing.T) {
	cfg := testConfig(t, "../testdata/golden/review_timeliness/source", "2024-06-30")
	runPipeline(t, cfg)
	first := tableDigests(t, cfg)
	if err := os.Remove(cfg.WarehousePath()); err != nil {
		t.Fatal(err)
	}
	if m := runPipeline(t, cfg); !m.WarehouseRebuilt {
		t.Fatal("the second run did not rebuild the warehouse")
	}
	second := tableDigests(t, cfg)
	if len(first) < 50 {
		t.Fatalf("only %d tables compared", len(first))
	}
	for table, digest := range first {
		if other, ok := second[table]; !ok {
			t.Errorf("%s is missing after the rebuild", table)
		} else if other != digest {
			t.Errorf("%s differs after the rebuild: %s, then %s", table, digest, other)
		}
	}
	for table := range second {
		if _, ok := first[table]; !ok {
			t.Errorf("%s appears after the rebuild", table)
		}
	}
}

// runLedger lists the ops tables that record runs rather than data.
var runLedger = map[string]bool{
	"ops.runs": true, "ops.run_tables": true, "ops.model_runs": true, "ops.check_results": true, "ops.run_parameters": true,
}

// tableDigests returns, for every table and view of the warehouse outside
// the run ledger, its row count and a digest of its rows in sorted order.
func tableDigests(t *testing.T, cfg *config.Config) map[string]string {
	t.Helper()
	db, err := OpenWarehouse(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT table_schema || '.' || table_name FROM information_schema.tables
		WHERE table_schema IN ('raw', 'staging', 'core', 'marts', 'ops') ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if !runLedger[name] {
			tables = append(tables, name)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string, len(tables))
	for _, table := range tables {
		var n int64
		var digest sql.NullString
		q := `SELECT count(*), md5(string_agg(r::VARCHAR, chr(10) ORDER BY r::VARCHAR)) FROM (SELECT t AS r FROM ` + table + ` t)`
		if err := db.QueryRow(q).Scan(&n, &digest); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		out[table] = fmt.Sprintf("%d rows, md5 %s", n, digest.String)
	}
	return out
}
