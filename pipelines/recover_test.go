package pipelines

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"carewh/config"
	"carewh/pipelines/lake"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
)

// killed is the panic that stands in for SIGKILL at the afterSwap hook.
type killed struct{}

// runKilledAfterSwap runs the pipeline and stops it, as SIGKILL would,
// right after its new warehouse is renamed in: before its manifest records
// the outcome. It returns the run's ID.
func runKilledAfterSwap(t *testing.T, cfg *config.Config) string {
	t.Helper()
	r := &Runner{Config: cfg, Models: sqlfiles.Files, Getenv: testEnv, afterSwap: func() { panic(killed{}) }}
	func() {
		defer func() {
			if p := recover(); p != (killed{}) {
				t.Fatalf("the run was not stopped after the swap: %v", p)
			}
		}()
		m, err := r.Run(context.Background())
		t.Fatalf("the run ended (%s, %v) instead of being stopped after the swap", m.Status, err)
	}()
	// Found by status, not as the latest: run IDs of runs started in one
	// second sort by their random suffix.
	killed, err := lake.Lake{Root: cfg.LakeDir()}.Recent(2, func(m lake.Manifest) bool { return m.Status == lake.StatusRunning })
	if err != nil || len(killed) != 1 {
		t.Fatalf("after the kill the ledger has %d runs still running (%v), want 1", len(killed), err)
	}
	return killed[0].RunID
}

// warehouseRuns returns ops.runs of the live warehouse, run ID → status,
// and the run it was built by.
func warehouseRuns(t *testing.T, cfg *config.Config) (map[string]string, string) {
	t.Helper()
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var builtBy string
	if err := db.QueryRow("SELECT run_id FROM ops.run_parameters").Scan(&builtBy); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query("SELECT run_id, status FROM ops.runs")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, status string
		if err := rows.Scan(&id, &status); err != nil {
			t.Fatal(err)
		}
		out[id] = status
	}
	return out, builtBy
}

// TestKillBetweenSwapAndManifest: a run killed after its warehouse is
// renamed in but before its manifest says so is recorded as succeeded by
// the next run, as the live warehouse's ops.runs has it, keeps its lake
// files and is the next run's baseline; the same for a run that only
// refreshed the ledger of an unchanged warehouse.
func TestKillBetweenSwapAndManifest(t *testing.T) {
	source := copyDir(t, "../testdata/golden/review_timeliness/source")
	cfg := testConfig(t, source, "2024-06-30")
	lk := lake.Lake{Root: cfg.LakeDir()}
	runPipeline(t, cfg)

	// A changed review: the killed run writes a change file and rebuilds.
	editFile(t, filepath.Join(source, "ssd_cla_reviews.csv"), "R04-2,E04,CLA04,,2023-08-24,N,PN7", "R04-2,E04,CLA04,,2023-08-25,N,PN1")
	rebuilt := runKilledAfterSwap(t, cfg)
	statuses, builtBy := warehouseRuns(t, cfg)
	if builtBy != rebuilt || statuses[rebuilt] != lake.StatusSucceeded {
		t.Fatalf("the live warehouse is from run %s, ops.runs %v; want run %s succeeded", builtBy, statuses, rebuilt)
	}

	next, logs := runLogged(t, cfg)
	recovered, err := lk.Latest(func(m lake.Manifest) bool { return m.RunID == rebuilt })
	if err != nil || recovered.Status != lake.StatusSucceeded || recovered.Finished.IsZero() || !recovered.WarehouseRebuilt ||
		recovered.Tables["cla_reviews"].Updated != 1 {
		t.Errorf("the run killed after its swap is now recorded as %+v (%v)", recovered, err)
	}
	if !strings.Contains(logs, "interrupted after it published") || !strings.Contains(logs, "interrupted_run_id="+rebuilt) {
		t.Errorf("the next run's log does not say it recovered %s:\n%s", rebuilt, logs)
	}
	if len(lakeDataFiles(t, cfg.LakeDir(), rebuilt)) != 1 {
		t.Errorf("the recovered run's change file is gone")
	}
	// Its inputs are the recovered run's: nothing is ingested again.
	if next.Status != lake.StatusSucceeded || next.WarehouseRebuilt || next.Tables["cla_reviews"].Changed() {
		t.Errorf("the run after the recovered one: %s, rebuilt %v, cla_reviews %+v", next.Status, next.WarehouseRebuilt, next.Tables["cla_reviews"])
	}

	// Killed after swapping in a refreshed ledger: the same.
	refreshed := runKilledAfterSwap(t, cfg)
	runPipeline(t, cfg)
	statuses, _ = warehouseRuns(t, cfg)
	ms, err := lk.Manifests()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Status != lake.StatusSucceeded || statuses[m.RunID] != lake.StatusSucceeded {
			t.Errorf("run %s: manifest %s, ops.runs %q; want both succeeded", m.RunID, m.Status, statuses[m.RunID])
		}
	}
	if _, ok := statuses[refreshed]; !ok {
		t.Errorf("ops.runs lacks the refreshed run %s", refreshed)
	}
}

// TestFailedRunLeavesNoLakeFiles: a run that fails after writing its
// changes to the lake removes them, so no file of it is left under a
// final name, and the next run writes them again.
func TestFailedRunLeavesNoLakeFiles(t *testing.T) {
	source := copyDir(t, "../testdata/golden/review_timeliness/source")
	cfg := testConfig(t, source, "2024-06-30")
	runPipeline(t, cfg)
	editFile(t, filepath.Join(source, "ssd_cla_reviews.csv"), "R04-2,E04,CLA04,,2023-08-24,N,PN7", "R04-2,E04,CLA04,,2023-08-25,N,PN1")
	var logs bytes.Buffer
	failing := &Runner{Config: cfg, Models: modelsWith(t, map[string]string{"marts/zz_check_fails.sql": failingCheckModel}),
		Getenv: testEnv, Log: slog.New(slog.NewTextHandler(&logs, nil))}
	failed, err := failing.Run(context.Background())
	var mf *warehouse.ModelFailure
	if !errors.As(err, &mf) || failed.Status != lake.StatusFailed {
		t.Fatalf("want a failed run, got %s: %v", failed.Status, err)
	}
	if left, _ := filepath.Glob(filepath.Join(cfg.LakeDir(), "*", "run="+failed.RunID)); len(left) > 0 {
		t.Errorf("the failed run left %v", left)
	}
	next := runPipeline(t, cfg)
	if r := next.Tables["cla_reviews"]; r.Updated != 1 || len(lakeDataFiles(t, cfg.LakeDir(), next.RunID)) != 1 {
		t.Errorf("the run after the failed one: cla_reviews %+v", r)
	}
}
