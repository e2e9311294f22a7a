package schedule

import (
	"carewh/pipelines/lake"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

	// A run now; a second request while it runs is refused and counted,
	// not recorded.
	if code, body := post(t, r.url+"/runs/nightly"); code != 202 {
		t.Fatalf("POST /runs/nightly = %d %s", code, body)
	}
	eventually(t, 5*time.Second, "the run to start", func() bool { return len(fake.Calls()) == 1 })
	code, body = post(t, r.url+"/runs/nightly")
	if code != 409 {
		t.Errorf("POST while running = %d, want 409", code)
	}
	mustContain(t, "409 body", body, "already running")
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
	if len(runs.Runs) != 2 {
		t.Fatalf("GET /runs lists %d runs, want 2:\n%s", len(runs.Runs), body)
	}
	statuses := map[string]int{}
	for _, v := range runs.Runs {
		statuses[v.Status+"/"+v.Trigger]++
		if v.Status == lake.StatusSucceeded && v.Trigger == lake.TriggerManual && (v.Rows != 34 || v.QuarantinedRows != 2 || v.Tables["cla_reviews"].Rows != 21) {
			t.Errorf("manual run listed as %+v", v)
		}
	}
	if statuses["succeeded/manual"] != 1 || statuses["succeeded/scheduled"] != 1 {
		t.Errorf("GET /runs statuses %v", statuses)
	}
	newest := runs.Runs[0].RunID
	if code, body := get(t, r.url+"/runs?limit=1"); code != 200 || json.Unmarshal([]byte(body), &runs) != nil ||
		len(runs.Runs) != 1 || runs.Runs[0].RunID != newest {
		t.Errorf("GET /runs?limit=1 = %d, want only the newest run %s:\n%s", code, newest, body)
	}
	if code, body := get(t, r.url+"/runs?limit=1&status=succeeded"); code != 200 || json.Unmarshal([]byte(body), &runs) != nil ||
		len(runs.Runs) != 1 || runs.Runs[0].Status != lake.StatusSucceeded || runs.Runs[0].Trigger != lake.TriggerManual {
		t.Errorf("GET /runs?limit=1&status=succeeded = %d\n%s", code, body)
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
		`carewh_runs_total{pipeline="nightly",status="skipped"} 0`,
		`carewh_run_requests_refused_total{pipeline="nightly",reason="running"} 1`,
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

// TestRunRequestsResistAbuse: a POST whose Host (and Origin) name another
// server, as a DNS-rebinding page's do, is refused 421; with
// serve.token_file set, a POST without the bearer token is refused 401;
// and a flood of POSTs while the pipeline runs is refused 409 without a
// manifest or ledger row each, counted in /metrics instead.
func TestRunRequestsResistAbuse(t *testing.T) {
	cfg := testConfig(t, "pipelines:\n  - name: nightly\n    schedule: \"30 2 * * *\"\nretry:\n  attempts: 1\n")
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("s3cret-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.Serve.TokenFile = tokenFile
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	recordSuccess(t, cfg, "nightly", time.Date(2026, 3, 10, 2, 30, 1, 0, time.UTC))
	release := make(chan struct{})
	fake := &fakeRuns{cfg: cfg, do: func(context.Context, Request, int) error { <-release; return nil }}
	r := startDaemon(t, Options{Config: cfg, Run: fake.run, Now: func() time.Time { return now }})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(r.url, "http://"))

	send := func(host, token string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, r.url+"/runs/nightly", nil)
		if err != nil {
			t.Fatal(err)
		}
		if host != "" {
			req.Host = host
			req.Header.Set("Origin", "http://"+host)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}

	if code, body := send("evil.example", "s3cret-token"); code != http.StatusMisdirectedRequest {
		t.Errorf("POST with Host and Origin evil.example = %d %s, want 421", code, body)
	}
	if code, _ := send("evil.example:"+port, "s3cret-token"); code != http.StatusMisdirectedRequest {
		t.Errorf("POST with Host evil.example:%s = %d, want 421", port, code)
	}
	if code, body := send("", ""); code != http.StatusUnauthorized || !strings.Contains(body, "bearer token") {
		t.Errorf("POST without a token = %d %s, want 401", code, body)
	}
	if code, _ := send("", "wrong"); code != http.StatusUnauthorized {
		t.Errorf("POST with the wrong token = %d, want 401", code)
	}
	if len(fake.Calls()) != 0 {
		t.Fatalf("a refused request started a run: %v", fake.Calls())
	}
	if code, body := send("", "s3cret-token"); code != http.StatusAccepted {
		t.Fatalf("POST with the token = %d %s, want 202", code, body)
	}
	eventually(t, 5*time.Second, "the run to start", func() bool { return len(fake.Calls()) == 1 })
	const flood = 200
	for i := 0; i < flood; i++ {
		if code, _ := send("localhost:"+port, "s3cret-token"); code != http.StatusConflict {
			t.Fatalf("POST %d while running = %d, want 409", i, code)
		}
	}
	release <- struct{}{}
	eventually(t, 5*time.Second, "the run to end", func() bool { return !r.d.byName["nightly"].running.Load() })
	if ms := ledger(t, cfg); len(ms) != 2 {
		t.Errorf("the ledger holds %d manifests after %d refused requests, want 2 (the first success and the run)", len(ms), flood+4)
	}
	_, metrics := get(t, r.url+"/metrics")
	mustContain(t, "metrics", metrics,
		`carewh_run_requests_refused_total{pipeline="nightly",reason="running"} 200`,
		`carewh_run_requests_refused_total{pipeline="nightly",reason="host"} 2`,
		`carewh_run_requests_refused_total{pipeline="nightly",reason="token"} 2`,
		`carewh_runs_total{pipeline="nightly",status="skipped"} 0`,
	)
	// GETs need neither: /healthz is for monitors.
	if code, _ := get(t, r.url+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz = %d, want 200", code)
	}
}
