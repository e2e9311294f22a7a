package schedule

import (
	"carewh/pipelines/lake"
	"context"
	"strings"
	"testing"
	"time"
)

// TestStopLetsARunFinishWithinTheGracePeriod: on SIGTERM (the daemon's
// context ending) a running pipeline finishes and is recorded succeeded.
func TestStopLetsARunFinishWithinTheGracePeriod(t *testing.T) {
	cfg := testConfig(t, "pipelines:\n  - name: nightly\n    schedule: \"30 2 * * *\"\n")
	cfg.Serve.GracePeriod = "10s"
	recordSuccess(t, cfg, "nightly", time.Now())
	started := make(chan struct{})
	fake := &fakeRuns{cfg: cfg, do: func(ctx context.Context, _ Request, _ int) error {
		close(started)
		time.Sleep(300 * time.Millisecond)
		return ctx.Err()
	}}
	r := startDaemon(t, Options{Config: cfg, Run: fake.run})
	post(t, r.url+"/runs/nightly")
	<-started
	begin := time.Now()
	r.stop()
	if took := time.Since(begin); took > 5*time.Second {
		t.Errorf("stopping took %s", took)
	}
	ms := ledger(t, cfg)
	if last := ms[len(ms)-1]; last.Status != lake.StatusSucceeded || last.Trigger != lake.TriggerManual {
		t.Errorf("run recorded as %s (%s), want a succeeded manual run", last.Status, last.Error)
	}
	mustContain(t, "log", r.logs.String(), "stopping", "waiting for running pipelines", "stopped")
}

// TestStopCancelsARunAfterTheGracePeriod: a run still going when the
// grace period ends is cancelled through its context and recorded
// cancelled; a run waiting for its turn is recorded cancelled too, and
// none is retried.
func TestStopCancelsARunAfterTheGracePeriod(t *testing.T) {
	cfg := testConfig(t, `pipelines:
  - name: nightly
    schedule: "30 2 * * *"
  - name: tracker
    schedule: "0 9-17/2 * * 1-5"
retry:
  initial_backoff: 10ms
`)
	cfg.Serve.GracePeriod = "200ms"
	recordSuccess(t, cfg, "nightly", time.Now())
	recordSuccess(t, cfg, "tracker", time.Now())
	started := make(chan struct{}, 1)
	fake := &fakeRuns{cfg: cfg, do: func(ctx context.Context, _ Request, _ int) error {
		started <- struct{}{}
		<-ctx.Done()
		return ctx.Err()
	}}
	r := startDaemon(t, Options{Config: cfg, Run: fake.run})
	post(t, r.url+"/runs/nightly")
	<-started
	if code, _ := post(t, r.url+"/runs/tracker"); code != 202 { // waits for nightly
		t.Fatalf("POST /runs/tracker = %d", code)
	}
	begin := time.Now()
	r.stop()
	if took := time.Since(begin); took < 200*time.Millisecond || took > 5*time.Second {
		t.Errorf("stopping took %s; the grace period is 200ms", took)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Errorf("%d runs started, want 1 (no retry of a cancelled run, no new run while stopping)", n)
	}
	cancelled := withStatus(ledger(t, cfg), lake.StatusCancelled)
	if len(cancelled) != 2 {
		t.Fatalf("%d cancelled runs recorded, want 2: %+v", len(cancelled), cancelled)
	}
	byPipeline := map[string]lake.Manifest{}
	for _, m := range cancelled {
		byPipeline[m.Pipeline] = m
	}
	if m := byPipeline["nightly"]; !strings.Contains(m.Error, "context canceled") {
		t.Errorf("nightly recorded as %+v", m)
	}
	if m := byPipeline["tracker"]; !strings.Contains(m.Error, "before the run's turn came") {
		t.Errorf("tracker recorded as %+v", m)
	}
	mustContain(t, "log", r.logs.String(), "grace period over")
}
