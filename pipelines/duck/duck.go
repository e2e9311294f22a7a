// Package duck opens DuckDB the way every part of carewh must: UTC, a
// memory limit, a temp folder and a thread count on every connection, and
// readers with external access off and their configuration locked. It also
// writes the bits of SQL the lake and warehouse share (quoting, reading
// lake files).
package duck

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"carewh/config"
)

// Open opens a DuckDB file with the settings every connection must
// have: UTC, a memory limit, a temp folder and a thread count. A
// read-only database is opened as a reader (see OpenReader): external
// access off and its configuration locked.
func Open(path string, settings config.DuckDB, readOnly bool) (*sql.DB, error) {
	if readOnly {
		return OpenReader(path, settings, nil, nil)
	}
	init := append(commonSettings(settings, "SET"), "SET preserve_insertion_order = false")
	if settings.TempDir != "" {
		init = append(init, "SET temp_directory = "+Quote(settings.TempDir))
	}
	connector, err := duckdb.NewConnector(path, func(execer driver.ExecerContext) error {
		return execAll(execer, init)
	})
	if err != nil {
		return nil, fmt.Errorf("opening DuckDB %s: %w", path, err)
	}
	return sql.OpenDB(connector), nil
}

// OpenConn opens a DuckDB file (":memory:" for none) for writing, as Open
// does, limited to one connection, and returns that connection: the way
// carewh writes a database, every statement in order on one connection.
func OpenConn(ctx context.Context, path string, settings config.DuckDB) (*sql.DB, *sql.Conn, error) {
	db, err := Open(path, settings, false)
	if err != nil {
		return nil, nil, err
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("connecting to DuckDB %s: %w", path, err)
	}
	return db, conn, nil
}

// commonSettings are the SET statements every connection runs. set is
// "SET" or "SET GLOBAL".
func commonSettings(settings config.DuckDB, set string) []string {
	return []string{
		set + " TimeZone = 'UTC'",
		"SET memory_limit = " + Quote(settings.MemoryLimit),
		fmt.Sprintf("SET threads = %d", settings.Threads),
		// memory_limit bounds DuckDB's buffer manager only; its allocator
		// also keeps freed memory per thread (up to 128MB by default)
		// before handing it back. Handing it back sooner, from a background
		// thread, took 3% off the peak RSS of a national-scale model.
		"SET allocator_flush_threshold = '16MB'",
		"SET allocator_background_threads = true",
	}
}

func execAll(execer driver.ExecerContext, stmts []string) error {
	for _, stmt := range stmts {
		if _, err := execer.ExecContext(context.Background(), stmt, nil); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}

// OpenReader opens a database file read-only for SQL carewh does not
// control (carewh query, BI tools) or for its own readers (report,
// exports). Beyond read-only, the connection can neither read nor write
// any other file (enable_external_access = false: no COPY … TO, EXPORT
// DATABASE, ATTACH, read_csv, read_text, INSTALL or LOAD of an extension)
// and its configuration is locked (lock_configuration = true), so no SET
// can undo that.
//
// readable lists the only files outside the database it may read
// (allowed_paths): the run ledger's Parquet files, which the warehouse's
// ops.runs, ops.run_tables and ops.disclosures are views of. DuckDB's
// allowlist does not tell reading from writing, so a connection that runs
// anyone else's SQL must refuse COPY itself (see IsCopy); the SQL
// endpoint runs nothing but SELECT.
//
// private opens a database instance of the reader's own (see below).
// writable lists folders carewh's own exports write Parquet into with
// COPY (allowed_directories); nil for a connection that runs anyone
// else's SQL. DuckDB shares one database instance, settings included,
// between every open of the same file in a process, so an export's
// connection opens a private in-memory database and attaches the file
// read-only: a reader opened meanwhile never inherits its folders.
//
// The settings are SET on the first connection, TimeZone globally, then
// locked; every later connection of the pool inherits them, and is checked
// to have them, since a locked configuration refuses even a SET to the
// value it has.
func OpenReader(path string, settings config.DuckDB, readable, writable []string) (*sql.DB, error) {
	return openReader(path, settings, len(writable) > 0, readable, writable)
}

// OpenPrivateReader opens a database file read-only like OpenReader, in a
// database instance of its own: DuckDB shares one instance between every
// open of the same path in a process, which would hand a long-lived reader
// the file it first opened after a run has renamed a new one in its place.
func OpenPrivateReader(path string, settings config.DuckDB, readable []string) (*sql.DB, error) {
	return openReader(path, settings, true, readable, nil)
}

func openReader(path string, settings config.DuckDB, private bool, readable, writable []string) (*sql.DB, error) {
	dsn := path + "?access_mode=READ_ONLY"
	init := commonSettings(settings, "SET GLOBAL")
	var perConn []string
	if private || len(writable) > 0 {
		dsn = ":memory:"
		if settings.TempDir != "" {
			init = append(init, "SET temp_directory = "+Quote(settings.TempDir))
		}
		perConn = []string{"USE warehouse"}
		init = append(init, "ATTACH "+Quote(path)+" AS warehouse (READ_ONLY)", perConn[0])
	}
	if len(writable) > 0 {
		dirs := make([]string, len(writable))
		for i, d := range writable {
			abs, err := filepath.Abs(d)
			if err != nil {
				return nil, fmt.Errorf("opening DuckDB %s: %w", path, err)
			}
			dirs[i] = Quote(filepath.Clean(abs) + string(filepath.Separator))
		}
		init = append(init, "SET allowed_directories = ["+strings.Join(dirs, ", ")+"]")
	}
	if len(readable) > 0 {
		files := make([]string, len(readable))
		for i, f := range readable {
			files[i] = Quote(f)
		}
		init = append(init, "SET allowed_paths = ["+strings.Join(files, ", ")+"]")
	}
	init = append(init, "SET enable_external_access = false", "SET lock_configuration = true")
	connector, err := duckdb.NewConnector(dsn, func(execer driver.ExecerContext) error {
		readerInit.Lock()
		defer readerInit.Unlock()
		locked, err := settingsLocked(execer)
		if err != nil {
			return err
		}
		if locked {
			return execAll(execer, perConn)
		}
		return execAll(execer, init)
	})
	if err != nil {
		return nil, fmt.Errorf("opening DuckDB %s: %w", path, err)
	}
	return sql.OpenDB(connector), nil
}

// readerInit serialises readers' first connections: connections to the
// same file share one instance, whichever sql.DB opened them, and only
// the first may SET before the lock.
var readerInit sync.Mutex

// settingsLocked reports whether a reader's settings are already in
// place (an earlier connection locked them), and checks that this
// connection has them.
func settingsLocked(execer driver.ExecerContext) (bool, error) {
	q, ok := execer.(driver.QueryerContext)
	if !ok {
		return false, fmt.Errorf("DuckDB connection cannot query")
	}
	rows, err := q.QueryContext(context.Background(),
		"SELECT current_setting('lock_configuration'), current_setting('enable_external_access'), current_setting('TimeZone')", nil)
	if err != nil {
		return false, fmt.Errorf("reading the connection's settings: %w", err)
	}
	defer rows.Close()
	v := make([]driver.Value, 3)
	if err := rows.Next(v); err != nil {
		return false, fmt.Errorf("reading the connection's settings: %w", err)
	}
	if locked, _ := v[0].(bool); !locked {
		return false, nil
	}
	if external, _ := v[1].(bool); external || v[2] != "UTC" {
		return false, fmt.Errorf("a read-only connection has enable_external_access %v and TimeZone %v, want false and UTC", v[1], v[2])
	}
	return true, nil
}

// Quote makes a SQL string literal.
func Quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// ReadParquet is a table function call reading lake files. Hive
// partitioning is off: a lake path's run=<id> folder must not become a
// column.
func ReadParquet(paths []string, options ...string) string {
	quoted := make([]string, len(paths))
	for i, p := range paths {
		quoted[i] = Quote(p)
	}
	options = append(options, "hive_partitioning = false")
	return fmt.Sprintf("read_parquet([%s], %s)", strings.Join(quoted, ", "), strings.Join(options, ", "))
}

// QuoteIdent makes a SQL identifier.
func QuoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// Remove deletes a DuckDB file and its write-ahead log.
func Remove(path string) {
	os.Remove(path)
	os.Remove(path + ".wal")
}

// IsCopy reports whether stmt, one statement, is a COPY, which reads or
// writes a file: a reader that runs anyone else's SQL refuses it, since
// the run ledger's files, which readers may read (allowed_paths), would
// otherwise be as open to COPY … TO. Preparing binds the statement, so a
// statement DuckDB refuses (a COPY to any other file) returns DuckDB's
// error.
func IsCopy(ctx context.Context, conn *sql.Conn, stmt string) (bool, error) {
	var copies bool
	err := conn.Raw(func(dc any) error {
		prep, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("DuckDB connection cannot prepare")
		}
		s, err := prep.PrepareContext(ctx, stmt)
		if err != nil {
			return err
		}
		defer s.Close()
		ds, ok := s.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("DuckDB statement of type %T", s)
		}
		kind, err := ds.StatementType()
		copies = kind == duckdb.STATEMENT_TYPE_COPY
		return err
	})
	return copies, err
}

// Append appends rows to schema.table on conn with DuckDB's appender, far
// faster than an INSERT a row (or a statement of many) for thousands of
// small rows. Values are as a driver takes them: nil for NULL.
func Append(conn *sql.Conn, schema, table string, rows [][]driver.Value) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("appending to %s.%s: not a driver connection", schema, table)
		}
		a, err := duckdb.NewAppender(c, "", schema, table)
		if err != nil {
			return fmt.Errorf("appending to %s.%s: %w", schema, table, err)
		}
		for _, r := range rows {
			if err := a.AppendRow(r...); err != nil {
				a.Close()
				return fmt.Errorf("appending to %s.%s: %w", schema, table, err)
			}
		}
		if err := a.Close(); err != nil {
			return fmt.Errorf("appending to %s.%s: %w", schema, table, err)
		}
		return nil
	})
}
