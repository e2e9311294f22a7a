package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"carewh/pipelines"
)

// TestHTTPEndpoints drives /healthz, /metrics, /runs and POST /runs/{name}
// through healthy, stale, running, overlapping and failed states.
func TestHTTPEndpoints(t *testing.T) {
	cfg := testConfig(t, `pipelines:
  - name: nightly
    schedule: "30 2 * * *"
    freshness: 26h
retry:
  attempts: 1
`)
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	clk := &clock{now: now}
	recordSuccess(t, cfg, "nightly", time.Date(2026, 3, 10, 2, 30, 1, 0, time.UTC))
	release := make(chan struct{})
	fail := false
	fake := &fakeRuns{cfg: cfg, do: func(ctx context.Context, _ Request, n int) error {
		<-release
		if fail {
			return errors.New("opening source: no folder /srv/exports/ssd")
		}
		return nil
	}}
	r := startDaemon(t, Options{Config: cfg, Run: fake.run, Now: clk.Now})

	code, body := get(t, r.url+"/healthz")
	if code != 200 {
		t.Errorf("healthz with a fresh success = %d\n%s", code, body)
	}
	mustContain(t, "healthz", body, "ok", "scheduler: running", "nightly: ok")

	clk.Set(now.Add(30 * time.Hour))
	code, body = get(t, r.url+"/healthz")
	if code != 503 {
		t.Errorf("healthz 30h after the last success = %d, want 503", code)
	}
	mustContain(t, "healthz", body, "nightly: unhealthy: stale", "freshness limit 26h0m0s")

	// A run now; a second request while it runs is skipped and recorded.
	if code, body := post(t, r.url+"/runs/nightly"); code != 202 {
		t.Fatalf("POST /runs/nightly = %d %s", code, body)
	}
	eventually(t, 5*time.Second, "the run to start", func() bool { return len(fake.Calls()) == 1 })
	code, body = post(t, r.url+"/runs/nightly")
	if code != 409 {
		t.Errorf("POST while running = %d, want 409", code)
	}
	mustContain(t, "409 body", body, "already running", `"status": "skipped"`)
	if code, _ := post(t, r.url+"/runs/nosuch"); code != 404 {
		t.Errorf("POST /runs/nosuch = %d, want 404", code)
	}
	release <- struct{}{}
	eventually(t, 5*time.Second, "the run to end", func() bool { return !r.d.byName["nightly"].running.Load() })

	clk.Set(now.Add(31 * time.Hour))
	if code, body := get(t, r.url+"/healthz"); code != 200 {
		t.Errorf("healthz after a new success = %d\n%s", code, body)
	}

	var runs struct{ Runs []runView }
	code, body = get(t, r.url+"/runs")
	if err := json.Unmarshal([]byte(body), &runs); code != 200 || err != nil {
		t.Fatalf("GET /runs = %d %v\n%s", code, err, body)
	}
	if len(runs.Runs) != 3 {
		t.Fatalf("GET /runs lists %d runs, want 3:\n%s", len(runs.Runs), body)
	}
	statuses := map[string]int{}
	for _, v := range runs.Runs {
		statuses[v.Status+"/"+v.Trigger]++
		if v.Status == pipelines.StatusSucceeded && v.Trigger == pipelines.TriggerManual && (v.Rows != 34 || v.QuarantinedRows != 2 || v.Tables["cla_reviews"].Rows != 21) {
			t.Errorf("manual run listed as %+v", v)
		}
	}
	if statuses["succeeded/manual"] != 1 || statuses["skipped/manual"] != 1 || statuses["succeeded/scheduled"] != 1 {
		t.Errorf("GET /runs statuses %v", statuses)
	}
	get(t, r.url+"/runs?limit=1")
	if code, body := get(t, r.url+"/runs?limit=1&status=skipped"); code != 200 || json.Unmarshal([]byte(body), &runs) != nil ||
		len(runs.Runs) != 1 || runs.Runs[0].Status != pipelines.StatusSkipped {
		t.Errorf("GET /runs?limit=1&status=skipped = %d\n%s", code, body)
	}
	if code, _ := get(t, r.url+"/runs?limit=lots"); code != 400 {
		t.Errorf("GET /runs?limit=lots = %d, want 400", code)
	}

	code, body = get(t, r.url+"/metrics")
	if code != 200 {
		t.Fatalf("GET /metrics = %d", code)
	}
	mustContain(t, "metrics", body,
		`carewh_scheduler_running 1`,
		`carewh_runs_total{pipeline="nightly",status="succeeded"} 1`,
		`carewh_runs_total{pipeline="nightly",status="skipped"} 1`,
		`carewh_runs_total{pipeline="nightly",status="failed"} 0`,
		`carewh_rows{pipeline="nightly",table="cla_reviews"} 21`,
		`carewh_quarantined_rows{pipeline="nightly",table="cla_reviews"} 2`,
		`carewh_run_duration_seconds_count{pipeline="nightly",status="succeeded"} 1`,
		`carewh_last_success_timestamp_seconds{pipeline="nightly"}`,
		`carewh_pipeline_running{pipeline="nightly"} 0`,
	)

	// A failed run makes the pipeline unhealthy at once, with the reason.
	fail = true
	post(t, r.url+"/runs/nightly")
	release <- struct{}{}
	eventually(t, 5*time.Second, "the failing run to end", func() bool {
		return len(fake.Calls()) == 2 && !r.d.byName["nightly"].running.Load()
	})
	code, body = get(t, r.url+"/healthz")
	if code != 503 {
		t.Errorf("healthz after a failed run = %d, want 503", code)
	}
	mustContain(t, "healthz", body, "nightly: unhealthy: last run", "failed", "no folder /srv/exports/ssd")
}
