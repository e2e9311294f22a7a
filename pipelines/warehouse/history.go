package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"carewh/canonical"
	"carewh/pipelines/duck"
	"carewh/pipelines/lake"
)

// loadRaw builds, for each table, core.<table>_history from the change files
// of every successful run and this one (each version of a row with
// valid_from, valid_to and its change type), and raw.<table>: the rows as
// they were known at b.KnownAt, which the models read.
func (b *Build) loadRaw(ctx context.Context, conn *sql.Conn) error {
	runs := append(append([]lake.Manifest(nil), b.History...), b.Manifest)
	for _, t := range canonical.Tables {
		if err := b.loadHistory(ctx, conn, t, runs); err != nil {
			return fmt.Errorf("loading the history of %s: %w", t.Name, err)
		}
		if err := b.createRawView(ctx, conn, t, "CREATE VIEW"); err != nil {
			return err
		}
	}
	return b.loadQuarantine(ctx, conn, "CREATE TABLE")
}

// createRawView makes raw.<table>, the rows of its history as known at
// b.KnownAt, with create ("CREATE VIEW", "CREATE OR REPLACE VIEW").
func (b *Build) createRawView(ctx context.Context, conn *sql.Conn, t *canonical.Table, create string) error {
	cols := make([]string, 0, len(t.Columns)+1)
	for _, f := range t.Schema().Fields() {
		cols = append(cols, duck.QuoteIdent(f.Name))
	}
	// A view, not a copy: the staging models read each table once.
	knownAt := duck.Quote(b.KnownAt.UTC().Format(time.RFC3339Nano)) + "::TIMESTAMPTZ"
	stmt := fmt.Sprintf(`%s raw.%s AS SELECT %s FROM core.%s_history
		WHERE change_type <> '%s' AND valid_from <= %s AND (valid_to IS NULL OR valid_to > %s)`,
		create, t.Name, strings.Join(cols, ", "), t.Name, lake.ChangeDelete, knownAt, knownAt)
	if _, err := conn.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("loading raw.%s: %w", t.Name, err)
	}
	return nil
}

// loadQuarantine makes raw.quarantine, this run's quarantine files, with
// create ("CREATE TABLE", "CREATE OR REPLACE TABLE").
func (b *Build) loadQuarantine(ctx context.Context, conn *sql.Conn, create string) error {
	paths := make([]string, len(b.Manifest.Quarantine))
	for i, f := range b.Manifest.Quarantine {
		paths[i] = b.Lake.Abs(f.Path)
	}
	stmt := create + " raw.quarantine AS SELECT * FROM " + duck.ReadParquet(paths)
	if _, err := conn.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("loading raw.quarantine: %w", err)
	}
	return nil
}

func (b *Build) loadHistory(ctx context.Context, conn *sql.Conn, t *canonical.Table, runs []lake.Manifest) error {
	var files []historyFile
	for _, m := range runs {
		for _, f := range m.Tables[t.Name].Files {
			files = append(files, historyFile{path: b.Lake.Abs(f.Path), run: m})
		}
	}
	table := "core." + t.Name + "_history"
	if len(files) == 0 {
		// No run has seen a row of this table: take its columns from this
		// run's (empty) snapshot.
		_, err := conn.ExecContext(ctx, fmt.Sprintf(`CREATE TABLE %s AS
			SELECT *, NULL::UBIGINT AS row_hash, NULL::VARCHAR AS change_type, NULL::VARCHAR AS run_id,
				NULL::TIMESTAMPTZ AS valid_from, NULL::TIMESTAMPTZ AS valid_to
			FROM %s LIMIT 0`, table, duck.ReadParquet([]string{b.Lake.Abs(b.Lake.StagingFile(t.Name, b.Manifest.RunID))})))
		return err
	}
	_, err := conn.ExecContext(ctx, historyQuery(table, duck.QuoteIdent(t.Key), files))
	if err != nil {
		return err
	}
	// Change files written before rows carried their source file lack the
	// column; their rows have it NULL.
	_, err = conn.ExecContext(ctx, fmt.Sprintf("ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s VARCHAR", table, duck.QuoteIdent(canonical.SourceColumn)))
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, fmt.Sprintf("COMMENT ON TABLE %s IS %s", table, duck.Quote(
		"Every version of every "+t.Name+" row the lake holds: the row, its change type (insert, update, delete), the run that "+
			"found it, and when it was valid (valid_from, the run's start, to valid_to, the start of the run that changed it "+
			"again; null while current). raw."+t.Name+" is the version valid at the run's known-at time.")))
	return err
}

// historyFile is one change file of a table and the run that wrote it.
type historyFile struct {
	path string
	run  lake.Manifest
}

func (f historyFile) validFrom() string {
	return duck.Quote(f.run.Started.Format(time.RFC3339Nano)) + "::TIMESTAMPTZ"
}

// historyQuery creates table from the change files of one or more runs,
// oldest run first. A version is valid until the next run to change its
// key starts. A run's changes name each key once, so only a key some later
// run changed has more than one version: the window that finds each
// version's end runs over those keys' (key, valid_from) alone, not over
// every row at full width (at 150 councils, a window over all 59 million
// rows, every column, took two minutes), and the rows are joined to it.
// With one run's files, every row is current.
func historyQuery(table, key string, files []historyFile) string {
	var values, all, later []string
	for _, f := range files {
		values = append(values, fmt.Sprintf("(%s, %s, %s)", duck.Quote(f.path), duck.Quote(f.run.RunID), f.validFrom()))
		all = append(all, f.path)
		if f.run.RunID != files[0].run.RunID {
			later = append(later, f.path)
		}
	}
	if len(later) == 0 {
		first := files[0]
		return fmt.Sprintf(`CREATE TABLE %s AS
			SELECT *, %s AS run_id, %s AS valid_from, NULL::TIMESTAMPTZ AS valid_to FROM %s`,
			table, duck.Quote(first.run.RunID), first.validFrom(), duck.ReadParquet(all, "union_by_name = true"))
	}
	// The change files are read twice rather than through one CTE, which
	// DuckDB would materialise at full width.
	versions := func(columns string) string {
		return fmt.Sprintf(`SELECT %s, f.run_id, f.valid_from
			FROM %s c JOIN files f ON f.path = c.filename`,
			columns, duck.ReadParquet(all, "filename = true", "union_by_name = true"))
	}
	return fmt.Sprintf(`CREATE TABLE %[1]s AS
		WITH files(path, run_id, valid_from) AS (VALUES %[2]s),
		ends AS (
			SELECT %[3]s AS version_key, valid_from,
				lead(valid_from) OVER (PARTITION BY %[3]s ORDER BY valid_from) AS valid_to
			FROM (%[4]s)
			WHERE %[3]s IN (SELECT %[3]s FROM %[5]s)
		)
		SELECT v.*, e.valid_to
		FROM (%[6]s) v
		LEFT JOIN ends e ON e.version_key = v.%[3]s AND e.valid_from = v.valid_from`,
		table, strings.Join(values, ", "), key,
		versions("c."+key), duck.ReadParquet(later, "union_by_name = true"),
		versions("c.* EXCLUDE (filename)"))
}
