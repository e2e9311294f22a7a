package schedule

import (
	"database/sql"
	"testing"
	"time"

	"carewh/pipelines/lake"
	"carewh/pipelines/lock"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
)

// TestRealRunsOnASecondsSchedule runs the real pipeline (the small golden
// fixture) every second: serve catches up at start, runs on its ticks,
// skips the ticks that come while a run (a few seconds) is still going,
// and the warehouse's ops.runs carries every one of them, with its trigger
// and scheduled time.
func TestRealRunsOnASecondsSchedule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the warehouse several times")
	}
	cfg := testConfig(t, "pipelines:\n  - name: tracker\n    schedule: \"@hourly\"\n")
	cfg.Pipelines[0].Schedule = "* * * * * *"
	r := startDaemon(t, Options{Config: cfg, Models: sqlfiles.Files, Parser: secondsParser})
	lk := lake.Lake{Root: cfg.LakeDir()}
	eventually(t, 25*time.Second, "a scheduled run to succeed after a skipped tick", func() bool {
		ms, _ := lk.Manifests()
		skipped := false
		for _, m := range ms {
			switch {
			case m.Status == lake.StatusSkipped:
				skipped = true
			case skipped && m.Status == lake.StatusSucceeded && m.Trigger == lake.TriggerScheduled:
				return true
			}
		}
		return false
	})
	r.stop()

	ms := ledger(t, cfg)
	if ms[0].Trigger != lake.TriggerCatchUp || ms[0].Status != lake.StatusSucceeded {
		t.Errorf("first run %s %s, want a succeeded catch-up", ms[0].Trigger, ms[0].Status)
	}
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var scheduled, skipped, nullScheduled int
	err = db.QueryRow(`SELECT count(*) FILTER (trigger = 'scheduled' AND status = 'succeeded'),
		count(*) FILTER (status = 'skipped'), count(*) FILTER (scheduled_at IS NULL)
		FROM ops.runs WHERE pipeline = 'tracker'`).Scan(&scheduled, &skipped, &nullScheduled)
	if err != nil {
		t.Fatal(err)
	}
	if scheduled < 1 || skipped < 1 || nullScheduled != 0 {
		t.Errorf("ops.runs: %d scheduled successes, %d skipped, %d without a scheduled time", scheduled, skipped, nullScheduled)
	}
	var rows sql.NullInt64
	db.QueryRow(`SELECT rows FROM ops.run_tables WHERE table_name = 'cla_reviews' AND run_id = (SELECT run_id FROM ops.run_parameters)`).Scan(&rows)
	if rows.Int64 == 0 {
		t.Error("ops.run_tables has no rows for cla_reviews")
	}
	if _, held := lock.ReadInfo(cfg.LockPath()); held {
		t.Error("lock still held after serve stopped")
	}
}
