package warehouse

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"carewh/config"
	"carewh/internal/atomicfile"
)

// The disclosure log records every export that re-identifies children
// (carewh export … --identify): who ran it, when, what and how many rows,
// and where the file went. It lives beside the lake, not in the warehouse:
// the warehouse is rebuilt and swapped on every run and readers open it
// read-only, so an export could neither write to it nor expect a row
// written there to survive the next run. The log is a file of JSON lines
// that exports only ever append to (O_APPEND, one write a record, fsynced,
// owner-only), without the writer lock, so that an export never waits for a
// run; every warehouse build, and every no-change run's ledger refresh,
// writes the whole log to the ledger's disclosures file beside the
// warehouse, which ops.disclosures reads, for BI tools, and
// `carewh disclosures` reads it at once.

// DisclosureLogFile is the log's name in the data folder.
const DisclosureLogFile = "disclosures.jsonl"

// DisclosureLogPath is where the data folder's disclosure log is.
func DisclosureLogPath(cfg *config.Config) string {
	return filepath.Join(cfg.DataDir, DisclosureLogFile)
}

// Disclosure is one identified export.
type Disclosure struct {
	At       time.Time `json:"at"`
	User     string    `json:"user"` // the OS user who ran it
	UID      string    `json:"uid"`
	SudoUser string    `json:"sudo_user,omitempty"` // who ran sudo, if it was run through sudo
	Host     string    `json:"host"`
	// Export is what was exported (marts.permanence_tracker), Filter the
	// rows kept (team=North), Format xlsx or csv.
	Export string `json:"export"`
	Filter string `json:"filter,omitempty"`
	Format string `json:"format"`
	// Rows written; Children and Staff: how many distinct children and
	// workers the file names.
	Rows     int `json:"rows"`
	Children int `json:"children"`
	Staff    int `json:"staff"`
	// Destination is the file's absolute path, or "stdout".
	Destination string `json:"destination"`
	SHA256      string `json:"sha256"`
	// RunID is the run that built the warehouse exported from; Source the
	// source kind re-identified from.
	RunID  string `json:"run_id"`
	Source string `json:"source"`
}

// AppendDisclosure adds d to the disclosure log, creating it owner-only,
// and returns once the record is on disk. One write per record to a file
// opened for appending, so records from exports running at once never
// interleave.
func AppendDisclosure(cfg *config.Config, d Disclosure) (string, error) {
	path := DisclosureLogPath(cfg)
	line, err := json.Marshal(d)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return "", fmt.Errorf("creating the data folder: %w", err)
	}
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return "", fmt.Errorf("opening the disclosure log: %w", err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().Perm()&0o077 != 0 {
		if err := f.Chmod(0o600); err != nil {
			return "", fmt.Errorf("making the disclosure log private: %w", err)
		}
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		return "", fmt.Errorf("writing the disclosure log: %w", err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("writing the disclosure log: %w", err)
	}
	if errors.Is(statErr, os.ErrNotExist) {
		atomicfile.SyncDir(cfg.DataDir)
	}
	return path, f.Close()
}

// ReadDisclosures reads the disclosure log (none when there is none yet).
// A last line without its newline is a record being written now, left for
// the next read; bad counts lines that are not records.
func ReadDisclosures(path string) (ds []Disclosure, bad int, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("reading the disclosure log: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return ds, bad, nil
		}
		if err != nil {
			return nil, 0, fmt.Errorf("reading the disclosure log: %w", err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var d Disclosure
		if json.Unmarshal(line, &d) != nil {
			bad++
			continue
		}
		ds = append(ds, d)
	}
}

// loadDisclosures loads the disclosure log into the table ops.disclosures,
// replacing what it held, for the ledger's file (stageFiles).
func (b *Build) loadDisclosures(ctx context.Context, conn *sql.Conn) error {
	path := DisclosureLogPath(b.Config)
	ds, bad, err := ReadDisclosures(path)
	if err != nil {
		return err
	}
	if bad > 0 {
		b.Log.WarnContext(ctx, "disclosure log lines that are not records were not loaded", "path", path, "lines", bad)
	}
	return inTx(ctx, conn, func(tx *sql.Tx) error {
		for _, s := range []string{
			`DROP TABLE IF EXISTS ops.disclosures`,
			`CREATE TABLE ops.disclosures (disclosed_at TIMESTAMPTZ, os_user VARCHAR, uid VARCHAR, sudo_user VARCHAR,
				host VARCHAR, export VARCHAR, filter VARCHAR, format VARCHAR, rows BIGINT, children BIGINT, staff BIGINT,
				destination VARCHAR, sha256 VARCHAR, run_id VARCHAR, source VARCHAR)`,
			`COMMENT ON TABLE ops.disclosures IS 'Every export that re-identified children (carewh export --identify): who ran it, ` +
				`when, what, how many rows, where the file went. Loaded from the data folder''s disclosures.jsonl, which exports append to.'`,
		} {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		for _, d := range ds {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ops.disclosures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				d.At, d.User, d.UID, nullable(d.SudoUser), d.Host, d.Export, nullable(d.Filter), d.Format, d.Rows, d.Children,
				d.Staff, d.Destination, d.SHA256, d.RunID, d.Source); err != nil {
				return fmt.Errorf("recording a disclosure: %w", err)
			}
		}
		return nil
	})
}
