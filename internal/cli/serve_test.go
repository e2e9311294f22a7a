package cli

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"carewh/config"
	"carewh/pipelines/lake"
	"carewh/pipelines/lock"
	"carewh/pipelines/warehouse"
)

// TestCLIChildProcess is not a test. Tests that must signal or kill carewh
// run the test binary again with CAREWH_TEST_CHILD set: "carewh" and the
// arguments, one a line, run the CLI; "lock" and a path hold that lock
// file until killed.
func TestCLIChildProcess(t *testing.T) {
	spec := os.Getenv("CAREWH_TEST_CHILD")
	if spec == "" {
		t.Skip("helper process for the serve and run tests")
	}
	args := strings.Split(spec, "\n")
	switch args[0] {
	case "carewh":
		os.Exit(Do(args[1:], os.Stdin, os.Stdout, os.Stderr))
	case "lock":
		if _, err := lock.Acquire(context.Background(), args[1], 0, "lock helper", nil); err != nil {
			fmt.Fprintln(os.Stderr, "lock helper:", err)
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, "locked")
		time.Sleep(time.Minute)
	}
	os.Exit(3)
}

// child is carewh in a process of its own, its stderr read line by line.
type child struct {
	cmd   *exec.Cmd
	mu    sync.Mutex
	lines []string
	more  chan struct{} // signalled when a line arrives or stderr ends
	ended bool
}

func startChild(t *testing.T, mode string, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(os.Args[0], "-test.run=^TestCLIChildProcess$"), more: make(chan struct{}, 1)}
	c.cmd.Env = append(os.Environ(), "CAREWH_TEST_CHILD="+strings.Join(append([]string{mode}, args...), "\n"),
		"CAREWH_HMAC_KEY="+testKey)
	stderr, err := c.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			c.mu.Lock()
			c.lines = append(c.lines, s.Text())
			c.mu.Unlock()
			select {
			case c.more <- struct{}{}:
			default:
			}
		}
		c.mu.Lock()
		c.ended = true
		c.mu.Unlock()
		close(c.more)
	}()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		c.cmd.Wait()
	})
	return c
}

// waitFor returns the first line of stderr containing s, failing the test
// if none comes within 20s.
func (c *child) waitFor(t *testing.T, s string) string {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for seen := 0; ; {
		c.mu.Lock()
		lines, ended := c.lines, c.ended
		c.mu.Unlock()
		for ; seen < len(lines); seen++ {
			if strings.Contains(lines[seen], s) {
				return lines[seen]
			}
		}
		if ended {
			t.Fatalf("child ended without logging %q:\n%s", s, c.stderr())
		}
		select {
		case <-c.more:
		case <-timeout:
			t.Fatalf("child did not log %q within 20s:\n%s", s, c.stderr())
		}
	}
}

func (c *child) stderr() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.lines, "\n")
}

// exitCode waits for the child to end and returns its exit code.
func (c *child) exitCode(t *testing.T) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(20 * time.Second):
		t.Fatalf("child did not exit within 20s:\n%s", c.stderr())
		return -1
	}
}

func sha(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(data))
}

// servingConfig is goldenConfig with a nightly pipeline, serve on any
// loopback port, and no grace period.
func servingConfig(t *testing.T) (path string, cfg *config.Config) {
	t.Helper()
	base, err := os.ReadFile(goldenConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	path = writeConfig(t, string(base)+`pipelines:
  - name: nightly
    schedule: "30 2 * * *"
serve:
  listen: 127.0.0.1:0
  grace_period: 0s
  lock_wait: 1s
`)
	cfg, err = config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, cfg
}

// buildBaseline runs carewh once as at 2024-06-29, a day before the
// config's as-of date, so the next run must rebuild the warehouse; it
// returns the warehouse's hash.
func buildBaseline(t *testing.T, cfgPath string, cfg *config.Config) string {
	t.Helper()
	if code, _, stderr := carewh(t, "run", "--config", cfgPath, "--as-of", "2024-06-29"); code != 0 {
		t.Fatalf("baseline run exited %d: %s", code, stderr)
	}
	return sha(t, cfg.WarehousePath())
}

// checkWarehouseIntact checks the warehouse file is the baseline's, byte
// for byte, and that a reader can open it and finds it as at asOf.
func checkWarehouseIntact(t *testing.T, cfg *config.Config, baseline, asOf string) {
	t.Helper()
	if sha(t, cfg.WarehousePath()) != baseline {
		t.Error("the warehouse file changed")
	}
	checkWarehouseAsOf(t, cfg, asOf)
}

func checkWarehouseAsOf(t *testing.T, cfg *config.Config, want string) {
	t.Helper()
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var asOf time.Time
	if err := db.QueryRow("SELECT as_of_date FROM ops.run_parameters").Scan(&asOf); err != nil || asOf.Format(time.DateOnly) != want {
		t.Errorf("warehouse unreadable or not the expected one: as of %s (%v), want %s", asOf, err, want)
	}
}

func checkNoLeftovers(t *testing.T, cfg *config.Config) {
	t.Helper()
	for _, pattern := range []string{cfg.WarehousePath() + ".building*", filepath.Join(cfg.LakeDir(), "_staging", "run=*")} {
		if left, _ := filepath.Glob(pattern); len(left) > 0 {
			t.Errorf("left behind: %v", left)
		}
	}
}

func latestRun(t *testing.T, cfg *config.Config) lake.Manifest {
	t.Helper()
	m, err := lake.Lake{Root: cfg.LakeDir()}.Latest(func(m lake.Manifest) bool { return true })
	if err != nil || m == nil {
		t.Fatalf("no run in the ledger (%v)", err)
	}
	return *m
}

func TestServeUsage(t *testing.T) {
	if code, _, stderr := carewh(t, "serve"); code != 2 || !strings.Contains(stderr, "--config") {
		t.Errorf("serve without --config: exit %d, %s", code, stderr)
	}
	if code, _, stderr := carewh(t, "serve", "--config", goldenConfig(t)); code != 1 || !strings.Contains(stderr, "no pipelines") {
		t.Errorf("serve with no pipelines: exit %d, %s", code, stderr)
	}
	bad := writeConfig(t, "version: 1\npipelines:\n  - name: nightly\n    schedule: \"61 2 * * *\"\nserve:\n  listen: 0.0.0.0:8089\n")
	code, _, stderr := carewh(t, "serve", "--config", bad)
	if code != 1 || !strings.Contains(stderr, "pipelines[0].schedule") || !strings.Contains(stderr, "serve.listen") {
		t.Errorf("serve with a bad schedule and listen address: exit %d, %s", code, stderr)
	}
}

// TestServeStopsOnSIGTERMMidRun: serve catches up at start; SIGTERM in the
// middle of the warehouse build (grace period 0) cancels the run: serve
// exits 0, the run is recorded cancelled, the previous warehouse is
// untouched and readable, the lock is released, nothing half-built is
// left, and the next run succeeds and carries the cancelled run in
// ops.runs.
func TestServeStopsOnSIGTERMMidRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline three times")
	}
	cfgPath, cfg := servingConfig(t)
	baseline := buildBaseline(t, cfgPath, cfg)

	serve := startChild(t, "carewh", "-v", "serve", "--config", cfgPath)
	addr := regexp.MustCompile(`addr=(\S+)`).FindStringSubmatch(serve.waitFor(t, "serving HTTP"))[1]
	serve.waitFor(t, `msg="model built"`)

	// GET /runs reads the ledger, so it shows the run under way.
	resp, err := http.Get("http://" + addr + "/runs?limit=1")
	if err != nil {
		t.Fatal(err)
	}
	var runs struct {
		Runs []struct{ Pipeline, Trigger, Status string }
	}
	json.NewDecoder(resp.Body).Decode(&runs)
	resp.Body.Close()
	if len(runs.Runs) != 1 || runs.Runs[0].Status != lake.StatusRunning || runs.Runs[0].Trigger != lake.TriggerCatchUp {
		t.Errorf("GET /runs mid-run = %+v, want the catch-up running", runs.Runs)
	}

	serve.cmd.Process.Signal(syscall.SIGTERM)
	if code := serve.exitCode(t); code != 0 {
		t.Errorf("serve exited %d after SIGTERM, want 0:\n%s", code, serve.stderr())
	}
	for _, want := range []string{"stopping", "grace period over", "run cancelled", "stopped"} {
		if !strings.Contains(serve.stderr(), want) {
			t.Errorf("serve's log lacks %q", want)
		}
	}
	cancelled := latestRun(t, cfg)
	if cancelled.Status != lake.StatusCancelled || cancelled.Pipeline != "nightly" {
		t.Errorf("the interrupted run is recorded as %s %s: %s", cancelled.Pipeline, cancelled.Status, cancelled.Error)
	}
	if _, err := os.Stat(cfg.LockPath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left after serve stopped: %v", err)
	}
	checkWarehouseIntact(t, cfg, baseline, "2024-06-29")
	checkNoLeftovers(t, cfg)

	if code, _, stderr := carewh(t, "run", "--config", cfgPath); code != 0 {
		t.Fatalf("the run after the cancelled one exited %d: %s", code, stderr)
	}
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var status, trigger string
	if err := db.QueryRow("SELECT status, trigger FROM ops.runs WHERE run_id = ?", cancelled.RunID).Scan(&status, &trigger); err != nil ||
		status != lake.StatusCancelled || trigger != lake.TriggerCatchUp {
		t.Errorf("ops.runs has the cancelled run as %q %q (%v)", status, trigger, err)
	}
}

// TestKilledRunLeavesTheWarehouseAndTheNextRunSucceeds kills `carewh run`
// with SIGKILL while it writes the lake, and then while it builds the
// warehouse: each time the previous warehouse stays intact and readable,
// and the next run takes over the dead process's lock, records the killed
// run as failed, clears its leftovers and succeeds.
func TestKilledRunLeavesTheWarehouseAndTheNextRunSucceeds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline several times")
	}
	cfgPath := goldenConfig(t)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	// Each killed run is as at a new date, so that it rebuilds the
	// warehouse; the run after it is as at the date before.
	previous := "2024-06-29"
	if code, _, stderr := carewh(t, "run", "--config", cfgPath, "--as-of", previous); code != 0 {
		t.Fatalf("first run exited %d: %s", code, stderr)
	}
	for _, c := range []struct{ name, killAt, asOf string }{
		{"during the lake write", `msg="table changes written to lake"`, "2024-06-30"},
		{"during the warehouse build", `msg="model built"`, "2024-07-01"},
	} {
		baseline := sha(t, cfg.WarehousePath())
		run := startChild(t, "carewh", "-v", "run", "--config", cfgPath, "--as-of", c.asOf)
		run.waitFor(t, c.killAt)
		run.cmd.Process.Signal(syscall.SIGKILL)
		run.exitCode(t)

		killed := latestRun(t, cfg)
		if killed.Status != lake.StatusRunning {
			t.Fatalf("%s: the killed run is recorded as %s; was it killed mid-run?", c.name, killed.Status)
		}
		if info, alive := lock.ReadInfo(cfg.LockPath()); info.PID != run.cmd.Process.Pid || alive {
			t.Errorf("%s: lock file after SIGKILL: %+v, alive %v", c.name, info, alive)
		}
		checkWarehouseIntact(t, cfg, baseline, previous)

		code, _, stderr := carewh(t, "run", "--config", cfgPath, "--as-of", c.asOf)
		if code != 0 {
			t.Fatalf("%s: the run after the killed one exited %d: %s", c.name, code, stderr)
		}
		for _, want := range []string{"took over a stale lock", "pid " + strconv.Itoa(run.cmd.Process.Pid), "interrupted_run_id=" + killed.RunID} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s: the next run's log lacks %q:\n%s", c.name, want, stderr)
			}
		}
		recovered, err := lake.Lake{Root: cfg.LakeDir()}.Latest(func(m lake.Manifest) bool { return m.RunID == killed.RunID })
		if err != nil || recovered.Status != lake.StatusFailed || !strings.Contains(recovered.Error, "interrupted") {
			t.Errorf("%s: the killed run is now recorded as %+v (%v)", c.name, recovered, err)
		}
		if left, _ := filepath.Glob(filepath.Join(cfg.LakeDir(), "*", "run="+killed.RunID)); len(left) > 0 {
			t.Errorf("%s: the killed run's partial lake folders are left: %v", c.name, left)
		}
		checkNoLeftovers(t, cfg)
		checkWarehouseAsOf(t, cfg, c.asOf)
		previous = c.asOf
	}
}

// TestRunWaitsForTheLockThenNamesItsHolder: while another process holds
// the lock, `carewh run` waits --lock-wait, then fails naming the holder's
// pid and start time (and records the failed run); once the holder is
// killed, the next run takes the stale lock over.
func TestRunWaitsForTheLockThenNamesItsHolder(t *testing.T) {
	cfgPath := goldenConfig(t)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	holder := startChild(t, "lock", cfg.LockPath())
	holder.waitFor(t, "locked")
	info, held := lock.ReadInfo(cfg.LockPath())
	if !held {
		t.Fatal("the helper does not hold the lock")
	}

	start := time.Now()
	code, _, stderr := carewh(t, "run", "--config", cfgPath, "--lock-wait", "300ms")
	if code != 1 {
		t.Fatalf("run while the lock is held exited %d: %s", code, stderr)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Errorf("gave up after %s, before --lock-wait", waited)
	}
	for _, want := range []string{"pid " + strconv.Itoa(holder.cmd.Process.Pid), info.Started.Local().Format(time.RFC3339), "lock helper", "waited"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if failed := latestRun(t, cfg); failed.Status != lake.StatusFailed || !strings.Contains(failed.Error, "another run is writing") {
		t.Errorf("the run that gave up is recorded as %s: %s", failed.Status, failed.Error)
	}
	if _, err := os.Stat(cfg.WarehousePath()); err == nil {
		t.Error("a run that never got the lock wrote a warehouse")
	}

	holder.cmd.Process.Signal(syscall.SIGKILL)
	holder.exitCode(t)
	code, _, stderr = carewh(t, "run", "--config", cfgPath)
	if code != 0 || !strings.Contains(stderr, "took over a stale lock") {
		t.Errorf("run after the holder died: exit %d:\n%s", code, stderr)
	}
}
