package schedule

import (
	"strings"
	"testing"
	"time"

	"carewh/config"
	"carewh/pipelines"
)

// TestHealthJudgesTheLastRunThatSucceededOrFailed: a skipped tick or a run
// cancelled by a restart does not make a pipeline unhealthy; a failure
// does until a run succeeds; an old success is stale.
func TestHealthJudgesTheLastRunThatSucceededOrFailed(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	run := func(status string, finished time.Time) pipelines.Manifest {
		return pipelines.Manifest{RunID: finished.Format("150405"), Status: status, Started: finished.Add(-time.Minute), Finished: finished, Error: "why"}
	}
	p := &pipeline{cfg: config.Pipeline{Name: "nightly", Freshness: "26h"}}
	for _, step := range []struct {
		run     pipelines.Manifest
		healthy bool
		detail  string
	}{
		{run(pipelines.StatusSkipped, now), false, "no run yet"},
		{run(pipelines.StatusSucceeded, now.Add(-2*time.Hour)), true, "succeeded 2h0m0s ago"},
		{run(pipelines.StatusSkipped, now.Add(-time.Hour)), true, "succeeded 2h0m0s ago"},
		{run(pipelines.StatusCancelled, now.Add(-time.Hour)), true, "succeeded 2h0m0s ago"},
		{run(pipelines.StatusFailed, now.Add(-30*time.Minute)), false, "failed at 2026-03-10T08:30:00Z: why"},
		{run(pipelines.StatusSucceeded, now.Add(-27*time.Hour)), false, "stale"},
	} {
		p.observe(step.run)
		ok, detail := p.health(now)
		if ok != step.healthy || !strings.Contains(detail, step.detail) {
			t.Errorf("after a %s run: health %v %q, want %v %q", step.run.Status, ok, detail, step.healthy, step.detail)
		}
	}
}
