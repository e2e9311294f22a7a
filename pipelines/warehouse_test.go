package pipelines

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
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
	failing := &Runner{Config: cfg, Models: modelsWith(t, map[string]string{"marts/zz_check_fails.sql": failingCheckModel}),
		Getenv: testEnv, Mem: memory.NewCheckedAllocator(memory.NewGoAllocator())}
	failed, err := failing.Run(context.Background())
	cfg.Reporting.AsOf = "2024-06-30"
	var mf *warehouse.ModelFailure
	if !errors.As(err, &mf) || mf.Model != "marts.zz_check_fails" {
		t.Fatalf("want a ModelFailure at marts.zz_check_fails, got %v", err)
	}
	if !slices.Contains(mf.Built, "core.periods_of_care") || slices.Contains(mf.Built, "marts.zz_check_fails") {
		t.Errorf("ModelFailure.Built = %v", mf.Built)
	}
	// The message names the check, how many rows broke it and the first of
	// them, by child.
	for _, want := range []string{"blocking check expect(period_start > DATE '2100-01-01') of marts.zz_check_fails failed on ",
		"first rows: person_id=", "marts/zz_check_fails.sql"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the failure does not say %q: %v", want, err)
		}
	}
	if failed.Status != lake.StatusFailed || failed.Error == "" {
		t.Errorf("failed run manifest = %+v", failed)
	}
	if after := fileHash(t, cfg.WarehousePath()); after != before {
		t.Error("a failed run changed the warehouse file")
	}
	if leftovers, _ := filepath.Glob(cfg.WarehousePath() + ".building*"); len(leftovers) > 0 {
		t.Errorf("failed run left %v", leftovers)
	}
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var runID string
	if err := db.QueryRow("SELECT run_id FROM ops.run_parameters").Scan(&runID); err != nil {
		t.Fatalf("old warehouse unreadable after a failed run: %v", err)
	}
	var periods int
	if err := db.QueryRow("SELECT count(*) FROM core.periods_of_care").Scan(&periods); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("failed on %d rows", periods); periods == 0 || !strings.Contains(failed.Error, want) {
		t.Errorf("the failure does not say %q (every period of care): %s", want, failed.Error)
	}
	db.Close()
	if runID != first.RunID {
		t.Errorf("warehouse is from run %s, want %s", runID, first.RunID)
	}

	third := runPipeline(t, cfg)
	db, err = warehouse.Open(cfg)
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
	want := map[string]string{first.RunID: lake.StatusSucceeded, failed.RunID: lake.StatusFailed, third.RunID: lake.StatusSucceeded}
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
	"ops.build": true,
}

// tableDigests returns, for every table and view of the warehouse outside
// the run ledger, its row count and a digest of its rows in sorted order.
func tableDigests(t *testing.T, cfg *config.Config) map[string]string {
	t.Helper()
	db, err := warehouse.Open(cfg)
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

// TestChecksAreRecorded: a run records every check it ran in
// ops.check_results; a warning that finds rows is logged and recorded as
// not passed, without failing the run.
func TestChecksAreRecorded(t *testing.T) {
	cfg := testConfig(t, "../testdata/golden/review_timeliness/source", "2024-06-30")
	var logs bytes.Buffer
	r := &Runner{Config: cfg, Getenv: testEnv, Mem: memory.NewCheckedAllocator(memory.NewGoAllocator()),
		Log: slog.New(slog.NewTextHandler(&logs, nil)),
		Models: modelsWith(t, map[string]string{"marts/zz_warns.sql": `-- model: marts.zz_warns
-- depends: core.periods_of_care
-- materialize: table
-- description: A test model: its warning finds every open period of care.
-- check: not_null(period_id)
-- warn: expect(period_end IS NOT NULL)
SELECT person_id, period_id, period_end FROM core.periods_of_care
`})}
	if _, err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var open int
	if err := db.QueryRow(`SELECT count(*) FROM core.periods_of_care WHERE period_end IS NULL`).Scan(&open); err != nil || open == 0 {
		t.Fatalf("%d open periods, %v: the warning would find nothing", open, err)
	}
	got := queryCSV(t, db, nil, `SELECT "check", blocking, failing_rows, passed FROM ops.check_results WHERE model = 'marts.zz_warns' ORDER BY 1`)
	want := [][]string{{"check", "blocking", "failing_rows", "passed"},
		{"expect(period_end IS NOT NULL)", "false", fmt.Sprint(open), "false"},
		{"not_null(period_id)", "true", "0", "true"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("ops.check_results = %q, want %q", got, want)
	}
	var total int
	if err := db.QueryRow(`SELECT count(*) FROM ops.check_results`).Scan(&total); err != nil || total < 100 {
		t.Errorf("%d checks recorded (%v): want every model's", total, err)
	}
	if !strings.Contains(logs.String(), `level=WARN msg="data check found rows"`) || !strings.Contains(logs.String(), "model=marts.zz_warns") {
		t.Errorf("the warning was not logged:\n%s", logs.String())
	}
}
