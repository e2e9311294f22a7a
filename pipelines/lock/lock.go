// Package lock is the one-writer lock: the lock file (data_dir/carewh.lock)
// lets one process at a time write the lake and the warehouse.
package lock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// The lock file (data_dir/carewh.lock) lets one process at a time write the
// lake and the warehouse: every run takes it, whether `carewh run` or a
// pipeline of `carewh serve`. While held it names its holder; a holder that
// dies, even by kill -9, releases it with its process, and the next run
// takes it over and says so.

// Info is what the lock file says about its holder.
type Info struct {
	PID      int       `json:"pid"`
	Hostname string    `json:"hostname"`
	Started  time.Time `json:"started"`
	Holder   string    `json:"holder"` // what holds it: "carewh run, pipeline nightly (scheduled)"
}

func (i Info) String() string {
	s := fmt.Sprintf("pid %d on %s since %s", i.PID, i.Hostname, i.Started.Local().Format(time.RFC3339))
	if i.Holder != "" {
		s += " (" + i.Holder + ")"
	}
	return s
}

// HeldError says the lock stayed held by another run for as long as
// the caller would wait.
type HeldError struct {
	Path   string
	Holder Info
	Waited time.Duration
}

func (e *HeldError) Error() string {
	holder := "another process (it has not said which yet)"
	if e.Holder.PID != 0 {
		holder = e.Holder.String()
	}
	return fmt.Sprintf("another run is writing the lake and warehouse: waited %s for %s, held by %s",
		e.Waited.Round(time.Millisecond), e.Path, holder)
}

// Lock is a held lock file; Release gives it up.
type Lock struct {
	path string
	file *os.File
}

// lockPoll is how often a waiting run tries the lock again.
const lockPoll = 100 * time.Millisecond

// Acquire takes the lock file at path for holder, waiting up to wait
// while another process (or another run in this one) holds it. It returns
// a *HeldError when the wait runs out, and the context's error if ctx
// ends first. A lock left by a process that died is taken over and logged.
func Acquire(ctx context.Context, path string, wait time.Duration, holder string, log *slog.Logger) (*Lock, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("creating folder for lock file: %w", err)
	}
	start := time.Now()
	logged := false
	for {
		f, err := tryLock(path)
		if err != nil {
			return nil, fmt.Errorf("taking lock %s: %w", path, err)
		}
		if f != nil {
			l := &Lock{path: path, file: f}
			if err := l.claim(holder, log); err != nil {
				l.Release()
				return nil, err
			}
			return l, nil
		}
		waited := time.Since(start)
		if waited >= wait {
			return nil, &HeldError{Path: path, Holder: readInfo(path), Waited: waited}
		}
		if !logged {
			log.InfoContext(ctx, "waiting for the lock another run holds", "lock", path, "holder", readInfo(path).String(),
				"wait_seconds", wait.Seconds())
			logged = true
		}
		t := time.NewTimer(min(lockPoll, wait-waited))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("waiting for lock %s: %w", path, ctx.Err())
		case <-t.C:
		}
	}
}

// claim writes this process into a lock file just taken, first logging
// the previous holder if it died holding it.
func (l *Lock) claim(holder string, log *slog.Logger) error {
	if prev := readInfo(l.path); prev.PID != 0 {
		log.Warn("took over a stale lock: its holder ended without releasing it", "lock", l.path,
			"stale_holder", prev.String(), "holder_alive", processAlive(prev))
	}
	host, _ := os.Hostname()
	data, err := json.Marshal(Info{PID: os.Getpid(), Hostname: host, Started: time.Now().UTC(), Holder: holder})
	if err != nil {
		return err
	}
	if err := l.file.Truncate(0); err != nil {
		return fmt.Errorf("writing lock %s: %w", l.path, err)
	}
	if _, err := l.file.WriteAt(append(data, '\n'), 0); err != nil {
		return fmt.Errorf("writing lock %s: %w", l.path, err)
	}
	return nil
}

// Release removes the lock file and gives up the lock. It is idempotent;
// call it under context.WithoutCancel so a cancelled run still releases.
func (l *Lock) Release() error {
	if l == nil || l.file == nil {
		return nil
	}
	err := release(l.path, l.file)
	l.file = nil
	if errors.Is(err, os.ErrNotExist) {
		err = nil
	}
	return err
}

// readInfo reads the lock file's holder, or the zero Info.
func readInfo(path string) Info {
	var info Info
	if data, err := os.ReadFile(path); err == nil {
		json.Unmarshal(data, &info)
	}
	return info
}

// ReadInfo reports who holds the lock file at path, if anyone: held is
// false when no live process holds it.
func ReadInfo(path string) (info Info, held bool) {
	info = readInfo(path)
	return info, info.PID != 0 && processAlive(info)
}
