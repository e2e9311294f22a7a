package lake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"carewh/config"
)

// The run ledger is the lake's run manifests (lake/_runs/<run_id>.json):
// one per run, whatever its outcome, including ticks that were skipped and
// runs that were cancelled or killed. Every successful run writes it to
// Parquet files beside the warehouse, which the warehouse's ops.runs and
// ops.run_tables are views of; a run that does not succeed (failed,
// cancelled, skipped) reaches ops.runs with the next run that does, and is
// in the manifests at once.

// Triggers: what started a run.
const (
	TriggerScheduled = "scheduled" // a pipeline's cron tick
	TriggerCatchUp   = "catch-up"  // serve starting after a missed tick
	TriggerManual    = "manual"    // `carewh run`, or POST /runs/{pipeline}
	TriggerRetry     = "retry"     // a later attempt after a transient failure
	TriggerRekey     = "rekey"     // the run carewh rekey makes to rebuild the warehouse under the new key
)

// How a run built its warehouse (Manifest.WarehouseBuild).
const (
	BuildFull        = "full"        // every model from the whole lake
	BuildIncremental = "incremental" // the last warehouse brought up to date with the run's changes
)

// RecordNotRun writes the ledger entry of a run that never started: m
// says its pipeline, trigger, scheduled time, status (skipped or
// cancelled) and why, in Error. The run ID, times and source are filled in.
func RecordNotRun(cfg *config.Config, m Manifest, now time.Time) (Manifest, error) {
	now = now.UTC()
	m.Format = ManifestFormat
	m.RunID = NewRunID(now)
	m.Source = cfg.Source.Kind
	m.Started, m.Finished = now, now
	if !m.ScheduledAt.IsZero() {
		m.ScheduledAt = m.ScheduledAt.UTC()
	}
	if m.Attempt == 0 {
		m.Attempt = 1
	}
	return m, Lake{Root: cfg.LakeDir()}.WriteManifest(m)
}

// manifestPaths lists the manifest files, oldest run first (run IDs sort
// by start time).
func (l Lake) manifestPaths() ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(l.Root, "_runs", "*.json"))
	sort.Strings(paths)
	return paths, err
}

func ReadManifest(path string) (Manifest, error) {
	var m Manifest
	data, err := os.ReadFile(path)
	if err != nil {
		return m, fmt.Errorf("reading run manifest: %w", err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("reading run manifest %s: %w", path, err)
	}
	return m, nil
}

// Walk calls fn with each manifest, newest run first, until fn returns
// false. It reads from the newest back, so a long ledger costs only what
// the caller looks at.
func (l Lake) Walk(fn func(Manifest) bool) error {
	paths, err := l.manifestPaths()
	if err != nil {
		return err
	}
	for i := len(paths) - 1; i >= 0; i-- {
		m, err := ReadManifest(paths[i])
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if !fn(m) {
			return nil
		}
	}
	return nil
}

// Recent returns up to n manifests, newest first, that keep accepts (nil
// keeps all).
func (l Lake) Recent(n int, keep func(Manifest) bool) ([]Manifest, error) {
	var out []Manifest
	if n <= 0 {
		return out, nil
	}
	err := l.Walk(func(m Manifest) bool {
		if keep == nil || keep(m) {
			out = append(out, m)
		}
		return len(out) < n
	})
	return out, err
}

// Latest returns the newest manifest keep accepts, or nil.
func (l Lake) Latest(keep func(Manifest) bool) (*Manifest, error) {
	ms, err := l.Recent(1, keep)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	return &ms[0], nil
}

// RecoverInterrupted settles every run still recorded as running but for
// current: while current holds the lock, no other run can be running, so
// their processes ended mid-run (killed, or the machine stopped).
//
// A run killed after it published (swapped in its warehouse, or wrote the
// run ledger beside it) but before it recorded its outcome succeeded:
// published says so, from the live warehouse's ops.build and the ledger
// beside it. Its manifest, written in full before it published, is
// marked succeeded, so the manifests agree with the warehouse and the run
// is the baseline of the next, as its warehouse is.
//
// Every other such run is marked failed, and its partial lake folders go
// too; nothing reads them, since only succeeded runs' files are read, but
// they would pile up.
func (l Lake) RecoverInterrupted(current string, found time.Time, published func(runID string) (time.Time, bool), log *slog.Logger) error {
	paths, err := l.manifestPaths()
	if err != nil {
		return err
	}
	for _, p := range paths {
		if strings.TrimSuffix(filepath.Base(p), ".json") == current {
			continue
		}
		m, err := ReadManifest(p)
		if err != nil || m.Status != StatusRunning {
			continue
		}
		if finished, ok := published(m.RunID); ok && m.Tables != nil {
			m.Status, m.Finished = StatusSucceeded, finished
			if err := l.WriteManifest(m); err != nil {
				return fmt.Errorf("recording interrupted run %s: %w", m.RunID, err)
			}
			log.Warn("found a run interrupted after it published its warehouse; recorded it as succeeded, as the warehouse does",
				"pipeline", m.Pipeline, "interrupted_run_id", m.RunID, "started", m.Started)
			continue
		}
		m.Status = StatusFailed
		m.Error = fmt.Sprintf("interrupted: the run's process ended before the run finished (killed or stopped); found by run %s at %s",
			current, found.UTC().Format(time.RFC3339))
		if err := l.WriteManifest(m); err != nil {
			return fmt.Errorf("recording interrupted run %s: %w", m.RunID, err)
		}
		l.RemoveRunFiles(m.RunID)
		log.Warn("found a run interrupted by its process ending; recorded it as failed", "pipeline", m.Pipeline,
			"interrupted_run_id", m.RunID, "started", m.Started)
	}
	return nil
}

// RemoveRunFiles deletes every lake folder of a run that did not succeed
// (its change, state and quarantine files), so that no file of it is left
// under a final name.
func (l Lake) RemoveRunFiles(runID string) {
	dirs, _ := filepath.Glob(filepath.Join(l.Root, "*", "run="+runID))
	for _, d := range dirs {
		os.RemoveAll(d)
	}
}

// NewRunID names a run by its start time, to the microsecond, with a
// random suffix so two runs in one microsecond differ; run IDs sort in
// start order, which the ledger relies on to find the last published run
// (a run that found nothing new ends within a second of starting, so
// whole seconds left the order of two such runs to their suffixes).
func NewRunID(t time.Time) string {
	b := make([]byte, 3)
	rand.Read(b)
	return t.UTC().Format("20060102T150405.000000Z") + "-" + hex.EncodeToString(b)
}
