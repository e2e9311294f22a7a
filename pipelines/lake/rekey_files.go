package lake

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"carewh/canonical"
	"carewh/internal/atomicfile"
	"carewh/pipelines/duck"
	"carewh/transforms/parquet"
)

// lakeFileSet is every lake file the run manifests name and that exists:
// each table's change and state files, and the quarantine files.
type lakeFileSet struct {
	changes, states map[string][]parquet.File // by table
	quarantine      []parquet.File
}

// lakeFiles lists the files the manifests name, each once. A succeeded
// run's file must exist; other runs' files may have been removed.
func lakeFiles(lk Lake, manifests []Manifest) (lakeFileSet, error) {
	set := lakeFileSet{changes: map[string][]parquet.File{}, states: map[string][]parquet.File{}}
	seen := map[string]bool{}
	var missing []string
	add := func(m Manifest, f parquet.File, to *[]parquet.File) {
		if f.Path == "" || seen[f.Path] {
			return
		}
		seen[f.Path] = true
		if !fileExists(lk.Abs(f.Path)) {
			if m.Status == StatusSucceeded {
				missing = append(missing, f.Path)
			}
			return
		}
		*to = append(*to, f)
	}
	for _, m := range manifests {
		for name, t := range m.Tables {
			for _, f := range t.Files {
				files := set.changes[name]
				add(m, f, &files)
				set.changes[name] = files
			}
			states := set.states[name]
			add(m, t.State, &states)
			set.states[name] = states
		}
		for _, f := range m.Quarantine {
			add(m, f, &set.quarantine)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return set, fmt.Errorf("the lake is missing files its succeeded runs wrote: %s", strings.Join(missing, ", "))
	}
	return set, nil
}

// columnsOf lists a lake file's columns.
func (w *lakeRekeyer) columnsOf(ctx context.Context, f parquet.File) ([]string, error) {
	rows, err := w.db.QueryContext(ctx, "SELECT column_name FROM (DESCRIBE SELECT * FROM "+duck.ReadParquet([]string{w.lk.Abs(f.Path)})+")")
	if err != nil {
		return nil, fmt.Errorf("reading the columns of %s: %w", f.Path, err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

// mapped is the SQL of a change file's rows with every identifier replaced
// by its new pseudonym, the key's old value kept as __key_old, and the row
// hash the change detector would give the new row as __hash_new.
func (w *lakeRekeyer) mapped(ctx context.Context, t *canonical.Table, f parquet.File) (string, error) {
	cols, err := w.columnsOf(ctx, f)
	if err != nil {
		return "", err
	}
	var replace, joins, hashed []string
	for _, c := range cols {
		if identifying(t, c) {
			alias := fmt.Sprintf("m%d", len(joins))
			replace = append(replace, fmt.Sprintf("%s.new AS %s", alias, duck.QuoteIdent(c)))
			joins = append(joins, fmt.Sprintf("LEFT JOIN idmap %[1]s ON %[1]s.old = f.%[2]s", alias, duck.QuoteIdent(c)))
		}
	}
	for _, c := range t.Columns { // in the table's order, as the change detector hashes them
		if slices.Contains(cols, c.Name) {
			hashed = append(hashed, duck.QuoteIdent(c.Name))
		}
	}
	inner := fmt.Sprintf("SELECT f.* REPLACE (%s), f.%s AS __key_old FROM %s f %s",
		strings.Join(replace, ", "), duck.QuoteIdent(t.Key), duck.ReadParquet([]string{w.lk.Abs(f.Path)}), strings.Join(joins, " "))
	if len(replace) == 0 {
		inner = fmt.Sprintf("SELECT f.*, f.%s AS __key_old FROM %s f", duck.QuoteIdent(t.Key), duck.ReadParquet([]string{w.lk.Abs(f.Path)}))
	}
	return fmt.Sprintf("SELECT *, %s AS __hash_new FROM (%s)", RowHashOf(hashed), inner), nil
}

// rekeyTable rewrites a table's change and state files. A deleted row's
// hash, and a state's, is the hash of the version it deleted or holds,
// so the new hash of every version is worked out first, by key and old
// hash, from the rows that inserted or updated it.
func (w *lakeRekeyer) rekeyTable(ctx context.Context, t *canonical.Table, changes, states []parquet.File) error {
	if _, err := w.db.ExecContext(ctx, "CREATE OR REPLACE TABLE versions (key_old VARCHAR, hash_old UBIGINT, hash_new UBIGINT)"); err != nil {
		return err
	}
	queries := make([]string, len(changes))
	for i, f := range changes {
		q, err := w.mapped(ctx, t, f)
		if err != nil {
			return err
		}
		queries[i] = q
		stmt := fmt.Sprintf("INSERT INTO versions SELECT DISTINCT __key_old, row_hash, __hash_new FROM (%s) WHERE change_type <> '%s'", q, ChangeDelete)
		if _, err := w.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("hashing %s again: %w", f.Path, err)
		}
	}
	if _, err := w.db.ExecContext(ctx, "CREATE OR REPLACE TABLE versions AS SELECT DISTINCT * FROM versions"); err != nil {
		return err
	}
	var clashes int64
	err := w.db.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM versions GROUP BY key_old, hash_old HAVING count(*) > 1)").Scan(&clashes)
	if err != nil {
		return err
	}
	if clashes > 0 {
		return fmt.Errorf("%d versions of rows hashed two ways under the new key", clashes)
	}
	// versions has one row a key and old hash, so the join adds no row; it
	// is not limited to deletions in its condition, which would make DuckDB
	// join by nested loop.
	for i, f := range changes {
		query := fmt.Sprintf(`SELECT c.* EXCLUDE (__key_old, __hash_new) REPLACE (
				CASE WHEN c.change_type = '%s' THEN v.hash_new ELSE c.__hash_new END AS row_hash)
			FROM (%s) c LEFT JOIN versions v ON v.key_old = c.__key_old AND v.hash_old = c.row_hash`,
			ChangeDelete, queries[i])
		if err := w.write(ctx, f, query, "row_hash"); err != nil {
			return err
		}
	}
	for _, f := range states {
		query := fmt.Sprintf(`SELECT coalesce(m.new, s.key) AS key, v.hash_new AS row_hash FROM %s s
			LEFT JOIN idmap m ON m.old = s.key
			LEFT JOIN versions v ON v.key_old = s.key AND v.hash_old = s.row_hash`, duck.ReadParquet([]string{w.lk.Abs(f.Path)}))
		if err := w.write(ctx, f, query, "row_hash"); err != nil {
			return err
		}
	}
	return nil
}

// rekeyQuarantine rewrites a quarantine file: its record keys and values,
// and every pseudonym its messages quote.
func (w *lakeRekeyer) rekeyQuarantine(ctx context.Context, f parquet.File) error {
	pattern := duck.Quote(PseudonymPattern)
	query := fmt.Sprintf(`WITH q AS (SELECT row_number() OVER () AS __row, * FROM %[1]s),
		words AS (
			SELECT __row, unnest(ws) AS word, generate_subscripts(ws, 1) AS i
			FROM (SELECT __row, regexp_extract_all(message, %[2]s) AS ws FROM q)),
		renamed AS (
			SELECT __row, list(coalesce(m.new, w.word) ORDER BY w.i) AS news
			FROM words w LEFT JOIN idmap m ON m.old = w.word GROUP BY __row)
		SELECT q.* EXCLUDE (__row) REPLACE (
			coalesce(k.new, q.record_key) AS record_key,
			coalesce(v.new, q.value) AS value,
			CASE WHEN r.news IS NULL THEN q.message ELSE array_to_string(
				list_transform(string_split_regex(q.message, %[2]s), (part, i) -> part || coalesce(r.news[i], '')), '') END AS message)
		FROM q
		LEFT JOIN idmap k ON k.old = q.record_key
		LEFT JOIN idmap v ON v.old = q.value
		LEFT JOIN renamed r USING (__row)
		ORDER BY q.__row`, duck.ReadParquet([]string{w.lk.Abs(f.Path)}), pattern)
	return w.write(ctx, f, query, "")
}

// write writes query's result to f's place in the rekeyed lake, checking
// it has f's rows and no null in notNull (a value the map lacked).
func (w *lakeRekeyer) write(ctx context.Context, f parquet.File, query, notNull string) error {
	tmp, err := atomicfile.TempName(filepath.Join(w.root, filepath.FromSlash(f.Path)))
	if err != nil {
		return err
	}
	if _, err := w.db.ExecContext(ctx, fmt.Sprintf("COPY (%s) TO %s (FORMAT parquet, COMPRESSION zstd)", query, duck.Quote(tmp))); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", f.Path, err)
	}
	check := "0"
	if notNull != "" {
		check = fmt.Sprintf("count(*) FILTER (WHERE %s IS NULL)", duck.QuoteIdent(notNull))
	}
	var rows, nulls int64
	err = w.db.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*), %s FROM %s", check, duck.ReadParquet([]string{tmp}))).Scan(&rows, &nulls)
	if err == nil && (rows != f.Rows || nulls > 0) {
		err = fmt.Errorf("rewritten with %d rows (%d without %s), not %d", rows, nulls, notNull, f.Rows)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("checking %s: %w", f.Path, err)
	}
	sealed, err := parquet.Seal(w.root, f.Path, tmp, rows)
	if err != nil {
		return err
	}
	w.written[f.Path] = sealed
	return nil
}

// writeManifests writes every run manifest to the rekeyed lake, naming the
// rewritten files.
func (w *lakeRekeyer) writeManifests(manifests []Manifest) error {
	rekeyed := Lake{Root: w.root}
	if err := os.MkdirAll(filepath.Join(w.root, "_runs"), 0o700); err != nil {
		return err
	}
	swap := func(f *parquet.File) {
		if n, ok := w.written[f.Path]; ok {
			*f = n
		}
	}
	for _, m := range manifests {
		tables := make(map[string]TableStats, len(m.Tables))
		for name, t := range m.Tables {
			t.Files = append([]parquet.File(nil), t.Files...)
			for i := range t.Files {
				swap(&t.Files[i])
			}
			swap(&t.State)
			tables[name] = t
		}
		m.Tables = tables
		m.Quarantine = append([]parquet.File(nil), m.Quarantine...)
		for i := range m.Quarantine {
			swap(&m.Quarantine[i])
		}
		if err := rekeyed.WriteManifest(m); err != nil {
			return err
		}
	}
	return nil
}
