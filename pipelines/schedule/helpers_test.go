package schedule

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"carewh/config"
	"carewh/pipelines/key"
	"carewh/pipelines/lake"
)

const testKey = "test-key-0123456789abcdef0123456789abcdef"

func testGetenv(name string) string {
	if name == key.EnvHMACKey {
		return testKey
	}
	return ""
}

// secondsParser reads 6-field specs (seconds first), so schedules can
// fire every second in tests.
var secondsParser = cron.NewParser(cron.Second | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// testConfig loads a config over the small golden fixture with the given
// pipelines: and retry: sections, the way a user's file is loaded.
func testConfig(t *testing.T, sections string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	source, err := filepath.Abs("../../testdata/golden/review_timeliness/source")
	if err != nil {
		t.Fatal(err)
	}
	yaml := fmt.Sprintf(`version: 1
data_dir: %s
source:
  kind: ssdcsv
  path: %s
reporting:
  as_of: "2024-06-30"
duckdb:
  memory_limit: 1GB
serve:
  listen: 127.0.0.1:0
  lock_wait: 0s
%s`, filepath.Join(dir, "data"), source, sections)
	path := filepath.Join(dir, "carewh.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// fakeRuns stands in for pipelines.Runner: each call runs do, then records
// a manifest in the ledger as a run would.
type fakeRuns struct {
	cfg *config.Config
	do  func(ctx context.Context, req Request, n int) error

	mu        sync.Mutex
	calls     []Request
	active    int
	maxActive int
}

func (f *fakeRuns) run(ctx context.Context, req Request) (lake.Manifest, error) {
	f.mu.Lock()
	f.calls = append(f.calls, req)
	n := len(f.calls)
	f.active++
	f.maxActive = max(f.maxActive, f.active)
	f.mu.Unlock()
	started := time.Now().UTC()
	var err error
	if f.do != nil {
		err = f.do(ctx, req, n)
	}
	f.mu.Lock()
	f.active--
	f.mu.Unlock()
	m := lake.Manifest{Format: lake.ManifestFormat, RunID: fmt.Sprintf("%s-%06d", started.Format("20060102T150405Z"), n),
		Pipeline: req.Pipeline, Trigger: req.Trigger, ScheduledAt: req.ScheduledAt, Attempt: req.Attempt,
		Started: started, Finished: time.Now().UTC(), Status: lake.StatusSucceeded,
		Tables: map[string]lake.TableStats{"cla_reviews": {Rows: 21, Quarantined: 2}, "cla_episodes": {Rows: 13}}}
	switch {
	case errors.Is(err, context.Canceled):
		m.Status, m.Error = lake.StatusCancelled, err.Error()
	case err != nil:
		m.Status, m.Error = lake.StatusFailed, err.Error()
	}
	if werr := (lake.Lake{Root: f.cfg.LakeDir()}).WriteManifest(m); werr != nil {
		panic(werr)
	}
	return m, err
}

func (f *fakeRuns) MaxActive() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxActive
}

func (f *fakeRuns) Calls() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.calls...)
}

// syncBuffer is a log buffer safe for the daemon's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is a daemon started by startDaemon.
type running struct {
	d    *Daemon
	url  string
	logs *syncBuffer
	stop func() // cancels the daemon's context and waits for Run to return nil
}

// startDaemon builds a daemon from o (its Config required) with a loopback
// listener and runs it until the test ends or stop is called.
func startDaemon(t *testing.T, o Options) *running {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	o.Listener = ln
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if o.Getenv == nil {
		o.Getenv = testGetenv
	}
	d, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run returned %v, want nil", err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("daemon did not stop within 20s")
			}
		})
	}
	t.Cleanup(stop)
	return &running{d: d, url: "http://" + ln.Addr().String(), logs: logs, stop: stop}
}

// eventually fails the test unless cond holds within timeout.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ledger returns the manifests of cfg's lake, oldest first.
func ledger(t *testing.T, cfg *config.Config) []lake.Manifest {
	t.Helper()
	ms, err := lake.Lake{Root: cfg.LakeDir()}.Manifests()
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func withStatus(ms []lake.Manifest, status string) []lake.Manifest {
	var out []lake.Manifest
	for _, m := range ms {
		if m.Status == status {
			out = append(out, m)
		}
	}
	return out
}

// recordSuccess writes a succeeded run of pipeline started at started.
func recordSuccess(t *testing.T, cfg *config.Config, pipeline string, started time.Time) {
	t.Helper()
	m := lake.Manifest{Format: lake.ManifestFormat, RunID: started.UTC().Format("20060102T150405Z") + "-000000",
		Pipeline: pipeline, Trigger: lake.TriggerScheduled, Started: started.UTC(), Finished: started.UTC().Add(time.Minute),
		Status: lake.StatusSucceeded}
	if err := (lake.Lake{Root: cfg.LakeDir()}).WriteManifest(m); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func post(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// clock is a settable time for catch-up and freshness.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func mustContain(t *testing.T, what, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, s)
		}
	}
}
