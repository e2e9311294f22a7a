package lock

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestLockExcludesWaitsAndReleases(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "carewh.lock")
	ctx := context.Background()
	first, err := Acquire(ctx, path, 0, "first", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	info, held := ReadInfo(path)
	if !held || info.PID != os.Getpid() || info.Holder != "first" || info.Started.IsZero() {
		t.Errorf("ReadInfo = %+v, %v", info, held)
	}

	// A second run in the same process waits, then fails naming the holder.
	start := time.Now()
	_, err = Acquire(ctx, path, 150*time.Millisecond, "second", slog.New(slog.DiscardHandler))
	var heldErr *HeldError
	if !errors.As(err, &heldErr) || heldErr.Holder.PID != os.Getpid() {
		t.Fatalf("second acquire: %v", err)
	}
	if waited := time.Since(start); waited < 150*time.Millisecond {
		t.Errorf("gave up after %s, before the 150ms wait", waited)
	}
	for _, want := range []string{fmt.Sprintf("pid %d", os.Getpid()), "since", "first", path} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}

	// A waiting run gets the lock once it is released.
	go func() {
		time.Sleep(100 * time.Millisecond)
		first.Release()
	}()
	second, err := Acquire(ctx, path, 5*time.Second, "second", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("waiting acquire: %v", err)
	}
	if err := second.Release(); err != nil {
		t.Fatal(err)
	}
	if err := second.Release(); err != nil {
		t.Errorf("second Release: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left after release: %v", err)
	}

	// Waiting ends with the context.
	third, _ := Acquire(ctx, path, 0, "third", slog.New(slog.DiscardHandler))
	defer third.Release()
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Acquire(cctx, path, time.Hour, "fourth", slog.New(slog.DiscardHandler)); !errors.Is(err, context.Canceled) {
		t.Errorf("acquire with a cancelled context: %v", err)
	}
}

// TestLockHelperProcess is not a test: TestLockAcrossProcesses runs the
// test binary again with CAREWH_TEST_LOCK set, to hold the lock from
// another process until it is killed or, with CAREWH_TEST_LOCK_HOLD, for
// that long.
func TestLockHelperProcess(t *testing.T) {
	path := os.Getenv("CAREWH_TEST_LOCK")
	if path == "" {
		t.Skip("helper process for TestLockAcrossProcesses")
	}
	l, err := Acquire(context.Background(), path, 10*time.Second, "lock helper", slog.New(slog.DiscardHandler))
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	hold, _ := time.ParseDuration(os.Getenv("CAREWH_TEST_LOCK_HOLD"))
	if hold == 0 {
		hold = time.Minute
	}
	time.Sleep(hold)
	l.Release()
	os.Exit(0)
}

// startLockHolder runs the test binary as a process that takes the lock at
// path and holds it for hold (0: until killed); it returns once the lock
// is held.
func startLockHolder(t *testing.T, path string, hold time.Duration) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "CAREWH_TEST_LOCK="+path, "CAREWH_TEST_LOCK_HOLD="+hold.String())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "locked\n" {
		t.Fatalf("lock helper said %q", line)
	}
	return cmd
}

// TestLockAcrossProcesses holds the lock in another process: this one
// waits for it, fails naming the holder's pid and start time, gets it once
// the holder releases it, and takes it over when the holder is killed.
func TestLockAcrossProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "carewh.lock")
	ctx := context.Background()

	holder := startLockHolder(t, path, 0)
	_, err := Acquire(ctx, path, 200*time.Millisecond, "test", slog.New(slog.DiscardHandler))
	var held *HeldError
	if !errors.As(err, &held) {
		t.Fatalf("acquire while another process holds the lock: %v", err)
	}
	if held.Holder.PID != holder.Process.Pid || held.Holder.Holder != "lock helper" {
		t.Errorf("holder = %+v, want pid %d", held.Holder, holder.Process.Pid)
	}
	if !strings.Contains(err.Error(), "pid "+strconv.Itoa(holder.Process.Pid)) ||
		!strings.Contains(err.Error(), held.Holder.Started.Local().Format(time.RFC3339)) {
		t.Errorf("error does not name the holder's pid and start time: %v", err)
	}

	// Killed with SIGKILL, the holder cannot clean up: its lock file stays,
	// naming a dead process, and the next run takes it over at once.
	holder.Process.Signal(syscall.SIGKILL)
	holder.Wait()
	if info, alive := ReadInfo(path); info.PID != holder.Process.Pid || alive {
		t.Errorf("after SIGKILL: lock file says %+v, alive %v", info, alive)
	}
	var logs bytes.Buffer
	l, err := Acquire(ctx, path, 0, "test", slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatalf("taking over a dead holder's lock: %v", err)
	}
	if !strings.Contains(logs.String(), "took over a stale lock") || !strings.Contains(logs.String(), "pid "+strconv.Itoa(holder.Process.Pid)) {
		t.Errorf("takeover not logged with the dead holder's pid:\n%s", logs.String())
	}
	l.Release()

	// A holder that finishes hands the lock to the process waiting for it.
	startLockHolder(t, path, 300*time.Millisecond)
	start := time.Now()
	l, err = Acquire(ctx, path, 10*time.Second, "test", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("waiting for a holder that releases: %v", err)
	}
	if time.Since(start) < 100*time.Millisecond {
		t.Error("got the lock while the other process still held it")
	}
	l.Release()
}
