package schedule

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"carewh/config"
	"carewh/pipelines/lake"
)

// TestHealthJudgesTheLastRunThatSucceededOrFailed: a skipped tick or a run
// cancelled by a restart does not make a pipeline unhealthy; a failure
// does until a run succeeds; an old success is stale.
func TestHealthJudgesTheLastRunThatSucceededOrFailed(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	run := func(status string, finished time.Time) lake.Manifest {
		return lake.Manifest{RunID: finished.Format("150405"), Status: status, Started: finished.Add(-time.Minute), Finished: finished, Error: "why"}
	}
	p := &pipeline{cfg: config.Pipeline{Name: "nightly", Freshness: "26h"}}
	for _, step := range []struct {
		run     lake.Manifest
		healthy bool
		detail  string
	}{
		{run(lake.StatusSkipped, now), false, "no run yet"},
		{run(lake.StatusSucceeded, now.Add(-2*time.Hour)), true, "succeeded 2h0m0s ago"},
		{run(lake.StatusSkipped, now.Add(-time.Hour)), true, "succeeded 2h0m0s ago"},
		{run(lake.StatusCancelled, now.Add(-time.Hour)), true, "succeeded 2h0m0s ago"},
		{run(lake.StatusFailed, now.Add(-30*time.Minute)), false, "failed at 2026-03-10T08:30:00Z: why"},
		{run(lake.StatusSucceeded, now.Add(-27*time.Hour)), false, "stale"},
	} {
		p.observe(step.run)
		ok, detail := p.health(now)
		if ok != step.healthy || !strings.Contains(detail, step.detail) {
			t.Errorf("after a %s run: health %v %q, want %v %q", step.run.Status, ok, detail, step.healthy, step.detail)
		}
	}
}

// TestHeldRunIsUnhealthyUntilARunPublishes: a run held by the publish
// guard makes /healthz 503 with the reason (the table and its counts)
// until any later run publishes, such as `carewh run --accept-shrink` in
// another process, which serve sees only in the ledger.
func TestHeldRunIsUnhealthyUntilARunPublishes(t *testing.T) {
	cfg := testConfig(t, "pipelines:\n  - name: nightly\n    schedule: \"0 1 * * *\"\n    time_zone: UTC\n")
	at := func(hour int) time.Time { return time.Date(2026, 3, 10, hour, 0, 0, 0, time.UTC) }
	recordSuccess(t, cfg, "nightly", at(1))
	reason := "not published: compared with run 20260310T010000Z-000000, person: no rows (an empty or header-only extract) (13 rows in the last published run, 0 now, 13 deleted)"
	held := lake.Manifest{Format: lake.ManifestFormat, RunID: "20260310T020000Z-000001", Pipeline: "nightly",
		Trigger: lake.TriggerManual, Started: at(2), Finished: at(2).Add(time.Minute), Status: lake.StatusHeld, Error: reason}
	if err := (lake.Lake{Root: cfg.LakeDir()}).WriteManifest(held); err != nil {
		t.Fatal(err)
	}
	c := &clock{now: at(3)}
	r := startDaemon(t, Options{Config: cfg, Now: c.Now,
		Run: func(context.Context, Request) (lake.Manifest, error) {
			t.Error("no run was due")
			return lake.Manifest{}, nil
		}})
	code, body := get(t, r.url+"/healthz")
	if code != http.StatusServiceUnavailable {
		t.Errorf("healthz after a held run = %d:\n%s", code, body)
	}
	mustContain(t, "healthz", body, "nightly: unhealthy: last run "+held.RunID+" held", "person: no rows", "13 rows in the last published run, 0 now")

	recordSuccess(t, cfg, "default", at(3)) // carewh run --accept-shrink person
	if code, body := get(t, r.url+"/healthz"); code != http.StatusOK {
		t.Errorf("healthz after a later run published = %d:\n%s", code, body)
	}
}
