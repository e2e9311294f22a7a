package lake

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"carewh/canonical"
	"carewh/config"
	"carewh/internal/atomicfile"
	"carewh/pipelines/duck"
	"carewh/transforms/parquet"
)

// Change types, as lake change files and core.<table>_history record them.
const (
	ChangeInsert = "insert"
	ChangeUpdate = "update"
	ChangeDelete = "delete"
)

// ChangeDetector compares each table's new snapshot with the key/hash state
// the last successful run left, and writes to the lake only the rows that
// were inserted, updated or deleted since, plus the new state. A run that
// finds no change writes no data file at all.
type ChangeDetector struct {
	// db is a scratch DuckDB file in the DuckDB temp folder: keys and
	// hashes of a national-scale table outgrow memory, and the tables of a
	// database file, unlike an in-memory one's, can be evicted to disk.
	db       *sql.DB
	path     string
	lake     Lake
	runID    string
	previous *Manifest // the last successful run, or nil for the first
}

func NewChangeDetector(settings config.DuckDB, lake Lake, runID string, previous *Manifest) (*ChangeDetector, error) {
	dir := settings.TempDir
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, "changes-"+runID+".duckdb")
	duck.Remove(path)
	db, err := duck.Open(path, settings, false)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return &ChangeDetector{db: db, path: path, lake: lake, runID: runID, previous: previous}, nil
}

// Close closes and removes the scratch database.
func (d *ChangeDetector) Close() error {
	err := d.db.Close()
	duck.Remove(d.path)
	return err
}

// Table works out one table's changes from its staged snapshot and fills
// in the change counts, change file and state of stats. The new state
// (each row's key and hash) is written first, in one scan of the snapshot,
// and compared with the last run's state straight from the two Parquet
// files: only the changed keys are held in DuckDB, and full rows are read
// from the snapshot as the change file is written, never sorted.
func (d *ChangeDetector) Table(ctx context.Context, t *canonical.Table, stats *TableStats) error {
	snapshot := duck.ReadParquet([]string{d.lake.Abs(d.lake.StagingFile(t.Name, d.runID))})
	key := duck.QuoteIdent(t.Key)
	var cols []string
	for _, c := range t.Columns {
		cols = append(cols, duck.QuoteIdent(c.Name))
	}
	// The source line is left out of the hash: adding a row above another
	// must not make the other look changed.
	rowHash := RowHashOf(cols)
	var previousState parquet.File
	if d.previous != nil {
		if prev, ok := d.previous.Tables[t.Name]; ok && prev.State.Path != "" {
			previousState = prev.State
		}
	}
	stateRel := d.lake.StateFile(t.Name, d.runID)
	stateTmp, err := d.writeTemp(ctx, fmt.Sprintf("SELECT %s AS key, %s AS row_hash FROM %s", key, rowHash, snapshot), stateRel)
	if err != nil {
		return err
	}
	defer os.Remove(stateTmp) // gone once sealed
	newState := duck.ReadParquet([]string{stateTmp})
	if err := d.db.QueryRowContext(ctx, "SELECT count(*) FROM "+newState).Scan(&stats.Rows); err != nil {
		return fmt.Errorf("counting the rows of %s: %w", t.Name, err)
	}
	// A first run inserts every row.
	stats.Inserted, stats.Updated, stats.Deleted = stats.Rows, 0, 0
	if previousState.Path != "" {
		// One full join, so one hash table of keys, which DuckDB can
		// spill; a join and an anti join in one query build two.
		changed := fmt.Sprintf(`CREATE OR REPLACE TABLE changed AS
			SELECT coalesce(n.key, o.key) AS key, coalesce(n.row_hash, o.row_hash) AS row_hash,
				CASE WHEN o.key IS NULL THEN '%[1]s' WHEN n.key IS NULL THEN '%[3]s' ELSE '%[2]s' END AS change_type
			FROM %[4]s n FULL OUTER JOIN %[5]s o ON o.key = n.key
			WHERE o.key IS NULL OR n.key IS NULL OR o.row_hash <> n.row_hash`,
			ChangeInsert, ChangeUpdate, ChangeDelete, newState, duck.ReadParquet([]string{d.lake.Abs(previousState.Path)}))
		if _, err := d.db.ExecContext(ctx, changed); err != nil {
			return fmt.Errorf("detecting changes in %s: %w", t.Name, err)
		}
		err := d.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT
				count(*) FILTER (WHERE change_type = '%s'),
				count(*) FILTER (WHERE change_type = '%s'),
				count(*) FILTER (WHERE change_type = '%s')
			FROM changed`, ChangeInsert, ChangeUpdate, ChangeDelete)).Scan(&stats.Inserted, &stats.Updated, &stats.Deleted)
		if err != nil {
			return fmt.Errorf("counting changes in %s: %w", t.Name, err)
		}
	}
	stats.Files = nil
	if stats.Changed() {
		// A first run inserts every row: the snapshot itself, streamed.
		changes := fmt.Sprintf("SELECT *, %s AS row_hash, '%s' AS change_type FROM %s", rowHash, ChangeInsert, snapshot)
		if previousState.Path != "" {
			changes = fmt.Sprintf(`SELECT s.*, c.row_hash, c.change_type FROM %[1]s s JOIN changed c ON c.key = s.%[2]s AND c.change_type <> '%[3]s'
				UNION ALL BY NAME
				SELECT key AS %[2]s, row_hash, change_type FROM changed WHERE change_type = '%[3]s'`, snapshot, key, ChangeDelete)
		}
		f, err := d.copyTo(ctx, changes, d.lake.TableFile(t.Name, d.runID), stats.Inserted+stats.Updated+stats.Deleted)
		if err != nil {
			return err
		}
		stats.Files = []parquet.File{f}
	}
	if stats.Changed() || previousState.Path == "" {
		stats.State, err = parquet.Seal(d.lake.Root, stateRel, stateTmp, stats.Rows)
		return err
	}
	stats.State = previousState
	os.Remove(stateTmp)
	os.Remove(filepath.Dir(stateTmp)) // the run's state folder, when no other table changed before this one
	return nil
}

// quarantine keeps the run's quarantine file, unless it holds exactly the
// rows the last run's did, in which case that file is referred to instead.
func (d *ChangeDetector) Quarantine(ctx context.Context, staged string, rows int64) ([]parquet.File, error) {
	staged = d.lake.Abs(staged)
	if d.previous != nil && len(d.previous.Quarantine) == 1 {
		now, prev := duck.ReadParquet([]string{staged}), duck.ReadParquet([]string{d.lake.Abs(d.previous.Quarantine[0].Path)})
		var differing int64
		err := d.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM (
			(SELECT * FROM %[1]s EXCEPT ALL SELECT * FROM %[2]s)
			UNION ALL
			(SELECT * FROM %[2]s EXCEPT ALL SELECT * FROM %[1]s))`, now, prev)).Scan(&differing)
		if err != nil {
			return nil, fmt.Errorf("comparing quarantine with the last run's: %w", err)
		}
		if differing == 0 {
			return d.previous.Quarantine, nil
		}
	}
	rel := d.lake.TableFile("quarantine", d.runID)
	if err := os.MkdirAll(filepath.Dir(d.lake.Abs(rel)), 0o700); err != nil {
		return nil, err
	}
	f, err := parquet.Seal(d.lake.Root, rel, staged, rows)
	return []parquet.File{f}, err
}

// copyTo writes a query's result as a zstd Parquet file at rel, atomically.
func (d *ChangeDetector) copyTo(ctx context.Context, query, rel string, rows int64) (parquet.File, error) {
	tmp, err := d.writeTemp(ctx, query, rel)
	if err != nil {
		return parquet.File{}, err
	}
	return parquet.Seal(d.lake.Root, rel, tmp, rows)
}

// writeTemp writes a query's result as a zstd Parquet file under a
// temporary name beside rel, for parquet.Seal to put in place.
func (d *ChangeDetector) writeTemp(ctx context.Context, query, rel string) (string, error) {
	tmp, err := atomicfile.TempName(d.lake.Abs(rel))
	if err != nil {
		return "", err
	}
	stmt := fmt.Sprintf("COPY (%s) TO %s (FORMAT parquet, COMPRESSION zstd)", query, duck.Quote(tmp))
	if _, err := d.db.ExecContext(ctx, stmt); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("writing %s: %w", rel, err)
	}
	return tmp, nil
}

// RowHashOf is the SQL of a row's hash over its (quoted) columns: what
// change detection compares, and carewh rekey recomputes.
func RowHashOf(cols []string) string { return fmt.Sprintf("hash(%s)", strings.Join(cols, ", ")) }
