package lake

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"carewh/internal/atomicfile"
	"carewh/transforms/parquet"
)

// Run statuses, as the manifest and ops.runs record them.
const (
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
	// StatusCancelled: the run's context was cancelled (a graceful stop
	// ran out of time); the previous warehouse stays.
	StatusCancelled = "cancelled"
	// StatusSkipped: the run never started because the pipeline was still
	// running (an overlapping tick or request).
	StatusSkipped = "skipped"
	// StatusRunning is on disk only while a run holds the lock; a later run
	// that finds it on a run that no longer holds the lock marks it failed
	// (the process was killed).
	StatusRunning = "running"
	// StatusHeld: the run wrote its lake, but tables shrank beyond
	// publish_guard since the last published run, so the warehouse was not
	// swapped. A held run is never the baseline of a later one.
	StatusHeld = "held"
)

// ManifestFormat is the lake layout this build writes: per table, only the
// rows that changed since the last successful run, and a key/hash state.
const ManifestFormat = 2

// Manifest records what one run wrote to the lake. It is written last: a
// run folder without a succeeded manifest is never read.
type Manifest struct {
	Format     int                   `json:"format"`
	RunID      string                `json:"run_id"`
	Pipeline   string                `json:"pipeline"`
	Trigger    string                `json:"trigger"`
	Source     string                `json:"source"`
	AsOf       string                `json:"as_of"`
	Started    time.Time             `json:"started"`
	Finished   time.Time             `json:"finished,omitzero"` // zero when the run's process was killed
	Status     string                `json:"status"`
	Error      string                `json:"error,omitempty"`
	Tables     map[string]TableStats `json:"tables"`
	Quarantine []parquet.File        `json:"quarantine"`
	// Fingerprint identifies everything besides the data that the warehouse
	// depends on (models, KPI definitions, parameters, holidays, dates).
	Fingerprint string `json:"fingerprint"`
	// Inputs identifies the source files and settings the run's snapshot
	// was read from (empty for a database source). A run whose inputs match
	// the last successful run's skips ingest and change detection.
	Inputs string `json:"inputs,omitempty"`
	// InputSizes is the size of each source file Inputs was worked out
	// from, by its path under source.path. A run whose files differ from
	// these in name or size cannot have the same inputs, so it does not
	// fingerprint them before ingest (see Runner.mightSkipIngest).
	InputSizes map[string]int64 `json:"input_sizes,omitempty"`
	// WarehouseRebuilt is false when nothing changed and the previous
	// warehouse was carried forward with only its run ledger, beside it,
	// refreshed.
	WarehouseRebuilt bool `json:"warehouse_rebuilt"`
	// WarehouseBuild says how a rebuilt warehouse was built: BuildFull from
	// the whole lake, or BuildIncremental from the last one and this run's
	// changes (empty when it was not rebuilt, and in older manifests).
	WarehouseBuild string `json:"warehouse_build,omitempty"`
	// ShrinkAccepted lists the tables that shrank beyond publish_guard and
	// were published because an operator accepted it (--accept-shrink).
	ShrinkAccepted []string `json:"shrink_accepted,omitempty"`

	// ScheduledAt is the scheduled time a `carewh serve` run was for (zero
	// for a run on demand). Attempt counts from 1; retries of a run share
	// its ScheduledAt.
	ScheduledAt time.Time `json:"scheduled_at,omitzero"`
	Attempt     int       `json:"attempt,omitempty"`
}

// TableStats is one table's share of a run.
//
// Every row read is accounted for: Read = Rows + Quarantined, where Rows
// counts the rows loaded, Fixed of them with a bad value emptied; so read =
// loaded unchanged + fixed + quarantined.
type TableStats struct {
	Source    string `json:"source"`
	Available bool   `json:"available"`
	// Read is how many rows the source yielded, rows it set aside itself
	// (malformed lines, superseded 903 episodes) included; nil in a manifest
	// older than the count.
	Read        *int64 `json:"read,omitempty"`
	Rows        int64  `json:"rows"` // rows in the source's current snapshot
	Quarantined int64  `json:"quarantined"`
	// Fixed is how many of Rows were loaded with one or more bad values
	// emptied (rule bad_value); nil in a manifest older than the count.
	Fixed    *int64 `json:"fixed,omitempty"`
	Inserted int64  `json:"inserted"`
	Updated  int64  `json:"updated"`
	Deleted  int64  `json:"deleted"`
	// Files hold this run's changes (none when nothing changed).
	Files []parquet.File `json:"files"`
	// State lists every current key with its row hash; it may be a file an
	// earlier run wrote, when nothing changed since.
	State parquet.File `json:"state"`
}

// Changed reports whether the run found any change in the table.
func (t TableStats) Changed() bool { return t.Inserted+t.Updated+t.Deleted > 0 }

// Lake is the folder of Parquet files and run manifests.
type Lake struct{ Root string }

func (l Lake) TableFile(table, runID string) string {
	return filepath.Join(table, "run="+runID, "part-0.parquet")
}

// StagingFile is where a run's full snapshot of a table waits while its
// changes are worked out; the staging folder is removed after every run.
func (l Lake) StagingFile(table, runID string) string {
	return filepath.Join("_staging", "run="+runID, table+".parquet")
}

func (l Lake) StateFile(table, runID string) string {
	return filepath.Join("_state", "run="+runID, table+".parquet")
}

// RemoveStaging deletes the staging folders of every run but keep's, so a
// crashed run's leftovers do not pile up.
func (l Lake) RemoveStaging(keep string) {
	dirs, _ := filepath.Glob(filepath.Join(l.Root, "_staging", "run=*"))
	for _, d := range dirs {
		if filepath.Base(d) != "run="+keep {
			os.RemoveAll(d)
		}
	}
}

// SucceededRuns returns the succeeded runs written in the current lake
// format, oldest first: together their change files hold every version of
// every row.
func (l Lake) SucceededRuns() ([]Manifest, error) {
	ms, err := l.Manifests()
	if err != nil {
		return nil, err
	}
	var out []Manifest
	for _, m := range ms {
		if m.Status == StatusSucceeded && m.Format == ManifestFormat {
			out = append(out, m)
		}
	}
	return out, nil
}

// LastSucceeded returns the newest of SucceededRuns, or nil.
func (l Lake) LastSucceeded() (*Manifest, error) {
	ms, err := l.SucceededRuns()
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	return &ms[len(ms)-1], nil
}

func (l Lake) ManifestPath(runID string) string {
	return filepath.Join(l.Root, "_runs", runID+".json")
}

// WriteManifest saves m atomically.
func (l Lake) WriteManifest(m Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding manifest: %w", err)
	}
	return atomicfile.WriteBytes(l.ManifestPath(m.RunID), data)
}

// Manifests returns every run's manifest, oldest first.
func (l Lake) Manifests() ([]Manifest, error) {
	paths, err := filepath.Glob(filepath.Join(l.Root, "_runs", "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	out := make([]Manifest, 0, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("reading run manifest: %w", err)
		}
		var m Manifest
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("reading run manifest %s: %w", p, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// abs turns a lake-relative file path into one DuckDB can read.
func (l Lake) Abs(rel string) string { return filepath.Join(l.Root, filepath.FromSlash(rel)) }
