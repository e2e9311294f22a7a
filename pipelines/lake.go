package pipelines

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"carewh/transforms/parquet"
)

// Run statuses, as the manifest and ops.runs record them.
const (
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
)

// Manifest records what one run wrote to the lake. It is written last: a
// run folder without a succeeded manifest is never read.
type Manifest struct {
	RunID      string                `json:"run_id"`
	Pipeline   string                `json:"pipeline"`
	Trigger    string                `json:"trigger"`
	Source     string                `json:"source"`
	AsOf       string                `json:"as_of"`
	Started    time.Time             `json:"started"`
	Finished   time.Time             `json:"finished"`
	Status     string                `json:"status"`
	Error      string                `json:"error,omitempty"`
	Tables     map[string]TableStats `json:"tables"`
	Quarantine []parquet.File        `json:"quarantine"`
}

// TableStats is one table's share of a run.
type TableStats struct {
	Source      string         `json:"source"`
	Available   bool           `json:"available"`
	Rows        int64          `json:"rows"`
	Quarantined int64          `json:"quarantined"`
	Files       []parquet.File `json:"files"`
}

// Lake is the folder of Parquet files and run manifests.
type Lake struct{ Root string }

func (l Lake) tableFile(table, runID string) string {
	return filepath.Join(table, "run="+runID, "part-0.parquet")
}

func (l Lake) manifestPath(runID string) string {
	return filepath.Join(l.Root, "_runs", runID+".json")
}

// WriteManifest saves m atomically.
func (l Lake) WriteManifest(m Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding manifest: %w", err)
	}
	return writeFileAtomic(l.manifestPath(m.RunID), data)
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
func (l Lake) abs(rel string) string { return filepath.Join(l.Root, filepath.FromSlash(rel)) }

// writeFileAtomic writes data to a temporary file beside path, syncs it and
// renames it over path.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
