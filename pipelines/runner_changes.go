package pipelines

import (
	"context"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"carewh/canonical"
	"carewh/pipelines/lake"
	"carewh/pipelines/sources"
	"carewh/transforms/parquet"
)

// detectChanges writes each table's changes since the previous successful
// run to the lake, and the run's quarantine.
func (r *Runner) detectChanges(ctx context.Context, lk lake.Lake, m *lake.Manifest, previous *lake.Manifest,
	tables map[string]lake.TableStats, staged parquet.File, log *slog.Logger) error {
	d, err := lake.NewChangeDetector(r.Config.DuckDB, lk, m.RunID, previous)
	if err != nil {
		return err
	}
	defer d.Close()
	for _, t := range canonical.Tables {
		stats := tables[t.Name]
		if err := d.Table(ctx, t, &stats); err != nil {
			return err
		}
		tables[t.Name] = stats
		log.InfoContext(ctx, "table changes written to lake", "table", t.Name, "rows", stats.Rows,
			"inserted", stats.Inserted, "updated", stats.Updated, "deleted", stats.Deleted)
	}
	m.Tables = tables
	m.Quarantine, err = d.Quarantine(ctx, staged.Path, staged.Rows)
	return err
}

// guard holds run m, returning a *HeldError, if a table shrank since the
// previous (last published) run beyond publish_guard and the operator did
// not accept it; an accepted shrink is logged and recorded in m.
func (r *Runner) guard(ctx context.Context, m, previous *lake.Manifest, log *slog.Logger) error {
	var held []Shrink
	for _, s := range shrinks(r.Config.PublishGuard, m, previous) {
		attrs := []any{"table", s.Table, "rows", s.Rows, "previous_rows", s.Previous, "deleted", s.Deleted,
			"previous_run", previous.RunID, "reason", s.Reason}
		if slices.Contains(r.AcceptShrink, AcceptAll) || slices.Contains(r.AcceptShrink, s.Table) {
			log.WarnContext(ctx, "table shrank since the last published run; publishing, as --accept-shrink says", attrs...)
			m.ShrinkAccepted = append(m.ShrinkAccepted, s.Table)
			continue
		}
		log.ErrorContext(ctx, "table shrank since the last published run; holding the run", attrs...)
		held = append(held, s)
	}
	if len(held) > 0 {
		return &HeldError{Previous: previous.RunID, Shrinks: held}
	}
	return nil
}

// knownAt is the time the warehouse's raw tables show the data as known
// at: reporting.known_at, or this run's start.
func (r *Runner) knownAt(m *lake.Manifest) time.Time {
	if t, ok := r.Config.KnownAt(); ok {
		return t
	}
	return m.Started
}

// unchanged reports whether a run found nothing the previous one had not:
// no table changed, the same quarantine, and the same models and settings.
func unchanged(m, previous *lake.Manifest) bool {
	if previous == nil || previous.Fingerprint != m.Fingerprint || len(previous.Quarantine) != len(m.Quarantine) {
		return false
	}
	for i := range m.Quarantine {
		if m.Quarantine[i].Path != previous.Quarantine[i].Path {
			return false
		}
	}
	for _, t := range m.Tables {
		if t.Changed() {
			return false
		}
	}
	return true
}

// digestCache opens the lake's cache of source file digests; --full
// starts with an empty one, so every file is read.
func (r *Runner) digestCache(lk lake.Lake) *lake.DigestCache {
	path := filepath.Join(lk.Root, lake.DigestCacheFile)
	if r.Full {
		return lake.EmptyDigestCache(path)
	}
	return lake.OpenDigestCache(path)
}

// mightSkipIngest reports whether this run's source files could be the
// ones the previous successful run read, so that fingerprinting them
// before ingest could save the ingest. When they cannot be (a first run,
// --full, other models or settings, no warehouse, or files other than the
// last run's in name or size: the fingerprint hashes both) they are
// fingerprinted after ingest, from the digests ingest took as it read
// them: at 150 councils, 6.7 GB of CSV read once rather than twice.
func (r *Runner) mightSkipIngest(m, previous *lake.Manifest) bool {
	if r.Full || previous == nil || previous.Inputs == "" || previous.Fingerprint != m.Fingerprint ||
		!sources.FilesOnly(r.Config.Source.Kind) || !fileExists(r.Config.WarehousePath()) {
		return false
	}
	if previous.InputSizes == nil {
		return true // a manifest from before sizes were kept
	}
	sizes, err := lake.SourceSizes(r.Config.Source.Path)
	return err != nil || maps.Equal(sizes, previous.InputSizes) // an error is the fingerprint's to report
}

// inputFingerprint fingerprints the source files (lake.InputFingerprint)
// into m's Inputs and InputSizes, reading only those neither read whole by
// ingest nor unchanged since a run last read them.
func (r *Runner) inputFingerprint(ctx context.Context, cache *lake.DigestCache, m *lake.Manifest, asOf time.Time, key []byte, log *slog.Logger) error {
	inputs, sizes, err := lake.InputFingerprint(ctx, r.Config, asOf, key, cache)
	if err != nil || inputs == "" {
		return err
	}
	m.Inputs, m.InputSizes = inputs, sizes
	log.InfoContext(ctx, "source files fingerprinted", "files_read", cache.Reread())
	if err := cache.Save(); err != nil {
		log.WarnContext(ctx, "could not save the source files' digests; the next run reads every file", "error", err)
	}
	return nil
}

// sameInputs reports whether run m reads exactly the source files and
// settings the previous successful run read, and would build the same
// warehouse from them.
func sameInputs(m, previous *lake.Manifest) bool {
	return previous != nil && m.Inputs != "" && previous.Inputs == m.Inputs && previous.Fingerprint == m.Fingerprint
}

// carriedForward is the previous run's table statistics as a run that
// skipped ingest records them: the same snapshot, state and quarantine
// counts, and no changes.
func carriedForward(previous *lake.Manifest) map[string]lake.TableStats {
	tables := make(map[string]lake.TableStats, len(previous.Tables))
	for name, t := range previous.Tables {
		t.Inserted, t.Updated, t.Deleted, t.Files = 0, 0, 0, nil
		tables[name] = t
	}
	return tables
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
