package pipelines

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carewh/pipelines/lake"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
)

// TestLedgerRecordsEveryOutcome: a skipped tick, a run killed mid-way (its
// manifest still says running) and a scheduled retry all reach ops.runs
// with their pipeline, trigger, scheduled time and attempt; the killed
// run is recorded as failed and its partial lake folders are removed.
func TestLedgerRecordsEveryOutcome(t *testing.T) {
	cfg := testConfig(t, "../testdata/golden/review_timeliness/source", "2024-06-30")
	lk := lake.Lake{Root: cfg.LakeDir()}
	tick := time.Date(2024, 6, 30, 1, 30, 0, 0, time.UTC)

	skipped, err := lake.RecordNotRun(cfg, lake.Manifest{Pipeline: "nightly", Trigger: lake.TriggerScheduled, ScheduledAt: tick,
		Status: lake.StatusSkipped, Error: "skipped: the pipeline was still running"}, tick.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	killed := lake.Manifest{Format: lake.ManifestFormat, RunID: "20240630T013000Z-dead00", Pipeline: "nightly", Trigger: lake.TriggerScheduled,
		Source: "ssdcsv", AsOf: "2024-06-30", Started: tick, Status: lake.StatusRunning, ScheduledAt: tick, Attempt: 1}
	if err := lk.WriteManifest(killed); err != nil {
		t.Fatal(err)
	}
	partial := []string{
		filepath.Join(cfg.LakeDir(), "cla_reviews", "run="+killed.RunID),
		filepath.Join(cfg.LakeDir(), "_state", "run="+killed.RunID),
	}
	for _, dir := range partial {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, ".part-0.parquet.123.tmp"), []byte("half a file"), 0o644)
	}

	r := &Runner{Config: cfg, Models: sqlfiles.Files, Getenv: testEnv, Pipeline: "nightly", Trigger: lake.TriggerRetry,
		ScheduledAt: tick, Attempt: 2}
	m, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != lake.StatusSucceeded || !m.ScheduledAt.Equal(tick) || m.Attempt != 2 {
		t.Errorf("manifest = status %s, scheduled %s, attempt %d", m.Status, m.ScheduledAt, m.Attempt)
	}
	for _, dir := range partial {
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("killed run's folder %s is still there", dir)
		}
	}

	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type row struct {
		pipeline, trigger, status string
		scheduled, finished       sql.NullTime
		attempt                   int
		errText                   sql.NullString
	}
	got := map[string]row{}
	rows, err := db.Query(`SELECT run_id, pipeline, trigger, status, scheduled_at, finished, attempt, error FROM ops.runs`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r row
		if err := rows.Scan(&id, &r.pipeline, &r.trigger, &r.status, &r.scheduled, &r.finished, &r.attempt, &r.errText); err != nil {
			t.Fatal(err)
		}
		got[id] = r
	}
	if len(got) != 3 {
		t.Errorf("ops.runs has %d runs, want 3: %v", len(got), got)
	}
	if s := got[skipped.RunID]; s.status != lake.StatusSkipped || s.trigger != lake.TriggerScheduled || !s.scheduled.Time.Equal(tick) {
		t.Errorf("skipped tick in ops.runs: %+v", s)
	}
	if k := got[killed.RunID]; k.status != lake.StatusFailed || k.finished.Valid || !strings.Contains(k.errText.String, "interrupted") ||
		!strings.Contains(k.errText.String, m.RunID) {
		t.Errorf("killed run in ops.runs: %+v", k)
	}
	if c := got[m.RunID]; c.status != lake.StatusSucceeded || c.trigger != lake.TriggerRetry || c.attempt != 2 || !c.scheduled.Time.Equal(tick) ||
		c.pipeline != "nightly" {
		t.Errorf("this run in ops.runs: %+v", c)
	}

	recent, err := lk.Recent(10, func(m lake.Manifest) bool { return m.Pipeline == "nightly" })
	if err != nil || len(recent) != 3 || recent[0].RunID != m.RunID {
		t.Errorf("Recent = %d runs (%v), newest %v", len(recent), err, recent)
	}
}

// TestCancelledRunIsRecordedAsCancelled: a run whose context is cancelled
// records status cancelled, releases the lock and leaves no warehouse.
func TestCancelledRunIsRecordedAsCancelled(t *testing.T) {
	cfg := testConfig(t, "../testdata/golden/review_timeliness/source", "2024-06-30")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m, err := (&Runner{Config: cfg, Models: sqlfiles.Files, Getenv: testEnv}).Run(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if m.Status != lake.StatusCancelled {
		t.Errorf("status %s, want cancelled", m.Status)
	}
	on, err := lake.Lake{Root: cfg.LakeDir()}.Latest(nil)
	if err != nil || on == nil || on.RunID != m.RunID || on.Status != lake.StatusCancelled {
		t.Errorf("ledger has %+v (%v)", on, err)
	}
	if _, err := os.Stat(cfg.LockPath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock not released: %v", err)
	}
	if leftovers, _ := filepath.Glob(cfg.WarehousePath() + "*"); len(leftovers) > 0 {
		t.Errorf("cancelled run left %v", leftovers)
	}
}

// TestRunIsNumberedOnceItHoldsTheLock: a run takes its id when it holds
// the lock, not when it starts waiting, so of two runs that waited for one
// another the one that publishes later has the later id.
func TestRunIsNumberedOnceItHoldsTheLock(t *testing.T) {
	cfg := testConfig(t, "../testdata/golden/review_timeliness/source", "2024-06-30")
	waiting := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	holding := waiting.Add(5 * time.Minute)
	calls := 0
	r := &Runner{Config: cfg, Models: sqlfiles.Files, Getenv: testEnv, Now: func() time.Time {
		calls++
		if calls == 1 {
			return waiting
		}
		return holding
	}}
	m, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.RunID, "20261201T100500.000000Z-") {
		t.Errorf("run id %s; want it taken when the lock was held, 10:05, not 10:00", m.RunID)
	}
}
