package schedule

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"carewh/pipelines/lake"
	"carewh/pipelines/warehouse"
)

// TestSlowRunSkipsTheNextTicks: a run that outlasts the interval between
// ticks is never overlapped; the ticks that come meanwhile are skipped by
// cron.SkipIfStillRunning and recorded, with their scheduled times.
func TestSlowRunSkipsTheNextTicks(t *testing.T) {
	cfg := testConfig(t, "pipelines:\n  - name: tracker\n    schedule: \"@hourly\"\n")
	cfg.Pipelines[0].Schedule = "* * * * * *" // every second
	now := time.Now()
	recordSuccess(t, cfg, "tracker", now) // no catch-up
	fake := &fakeRuns{cfg: cfg, do: func(ctx context.Context, req Request, n int) error {
		if n == 1 {
			time.Sleep(2500 * time.Millisecond)
		}
		return nil
	}}
	r := startDaemon(t, Options{Config: cfg, Run: fake.run, Parser: secondsParser, Now: func() time.Time { return now }})
	eventually(t, 15*time.Second, "a second scheduled run after skipped ticks", func() bool { return len(fake.Calls()) >= 2 })
	r.stop()

	if fake.MaxActive() != 1 {
		t.Errorf("%d runs of one pipeline overlapped", fake.MaxActive())
	}
	skipped := withStatus(ledger(t, cfg), lake.StatusSkipped)
	if len(skipped) < 1 {
		t.Fatalf("no skipped tick recorded; logs:\n%s", r.logs.String())
	}
	for _, s := range skipped {
		if s.Pipeline != "tracker" || s.Trigger != lake.TriggerScheduled || s.ScheduledAt.IsZero() ||
			s.ScheduledAt.Nanosecond() != 0 || len(s.Tables) != 0 {
			t.Errorf("skipped tick recorded as %+v", s)
		}
	}
	for _, c := range fake.Calls() {
		if c.Trigger != lake.TriggerScheduled || c.ScheduledAt.IsZero() {
			t.Errorf("scheduled run requested as %+v", c)
		}
	}
	mustContain(t, "log", r.logs.String(), "run skipped", "pipeline=tracker")
}

// TestRetryThenSuccess: transient failures are retried with backoff, each
// attempt recorded; the third succeeds.
func TestRetryThenSuccess(t *testing.T) {
	cfg := testConfig(t, `pipelines:
  - name: nightly
    schedule: "30 2 * * *"
retry:
  attempts: 4
  initial_backoff: 20ms
  max_backoff: 50ms
  deadline: 10s
`)
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
	fake := &fakeRuns{cfg: cfg, do: func(ctx context.Context, req Request, n int) error {
		if n < 3 {
			return fmt.Errorf("opening source: %w", refused)
		}
		return nil
	}}
	recordSuccess(t, cfg, "nightly", time.Now())
	r := startDaemon(t, Options{Config: cfg, Run: fake.run})
	if code, body := post(t, r.url+"/runs/nightly"); code != 202 {
		t.Fatalf("POST /runs/nightly = %d %s", code, body)
	}
	eventually(t, 10*time.Second, "the run to end", func() bool {
		return len(fake.Calls()) == 3 && !r.d.byName["nightly"].running.Load()
	})
	calls := fake.Calls()
	for i, want := range []string{lake.TriggerManual, lake.TriggerRetry, lake.TriggerRetry} {
		if calls[i].Trigger != want || calls[i].Attempt != i+1 {
			t.Errorf("attempt %d: %+v, want trigger %s", i+1, calls[i], want)
		}
	}
	ms := ledger(t, cfg)
	if got := len(withStatus(ms, lake.StatusFailed)); got != 2 {
		t.Errorf("%d failed attempts recorded, want 2", got)
	}
	if got := len(withStatus(ms, lake.StatusSucceeded)); got != 2 { // the seeded one and the third attempt
		t.Errorf("%d succeeded runs recorded, want 2", got)
	}
	mustContain(t, "log", r.logs.String(), "retrying", "attempt=1", "attempt=2", "connection refused")
	if code, body := get(t, r.url+"/healthz"); code != 200 {
		t.Errorf("healthz after the retry succeeded = %d\n%s", code, body)
	}
}

// TestRetryGivesUp: transient failures stop after retry.attempts, or once
// the next attempt would start after retry.deadline; a permanent error is
// never retried. Each leaves the pipeline unhealthy.
func TestRetryGivesUp(t *testing.T) {
	for _, c := range []struct {
		name, retry string
		err         error
		attempts    int
	}{
		{"attempts exhausted", "attempts: 3\n  initial_backoff: 10ms\n  max_backoff: 20ms\n  deadline: 10s", context.DeadlineExceeded, 3},
		// The first wait is 0.5–1s, so the second attempt starts within the
		// 1.4s deadline; the second wait is 1–2s, so a third would not.
		{"deadline", "attempts: 10\n  initial_backoff: 1s\n  max_backoff: 5s\n  deadline: 1400ms", context.DeadlineExceeded, 2},
		{"permanent error", "attempts: 5\n  initial_backoff: 10ms\n  max_backoff: 20ms\n  deadline: 10s",
			&warehouse.ModelFailure{Model: "marts.board_kpis", Err: errors.New("check unique(kpi_code) failed on 2 rows")}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := testConfig(t, "pipelines:\n  - name: nightly\n    schedule: \"30 2 * * *\"\nretry:\n  "+c.retry+"\n")
			recordSuccess(t, cfg, "nightly", time.Now())
			fake := &fakeRuns{cfg: cfg, do: func(context.Context, Request, int) error { return c.err }}
			r := startDaemon(t, Options{Config: cfg, Run: fake.run})
			post(t, r.url+"/runs/nightly")
			eventually(t, 10*time.Second, "the run to end", func() bool {
				return len(fake.Calls()) > 0 && !r.d.byName["nightly"].running.Load()
			})
			if got := len(fake.Calls()); got != c.attempts {
				t.Errorf("%d attempts, want %d", got, c.attempts)
			}
			code, body := get(t, r.url+"/healthz")
			if code != 503 {
				t.Errorf("healthz after giving up = %d, want 503", code)
			}
			mustContain(t, "healthz", body, "nightly: unhealthy", "failed", c.err.Error())
		})
	}
}

func TestRetryPolicy(t *testing.T) {
	p := retryPolicy{attempts: 6, initial: time.Second, max: 5 * time.Second, deadline: time.Hour}
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 5 * time.Second, 5: 5 * time.Second} {
		for range 20 {
			wait, ok := p.next(n, 0)
			if !ok || wait < want/2 || wait > want {
				t.Fatalf("next(%d) = %s, %v; want %s less up to half", n, wait, ok, want)
			}
		}
	}
	if _, ok := p.next(6, 0); ok {
		t.Error("retried after the last attempt")
	}
	if _, ok := p.next(1, time.Hour-time.Second/4); ok {
		t.Error("retried past the deadline")
	}
}
