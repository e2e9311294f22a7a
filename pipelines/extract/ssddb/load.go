package ssddb

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// LoadedTable is one table LoadPostgres loaded.
type LoadedTable struct {
	Table string
	Rows  int64
}

// LoadPostgres loads a folder of SSD CSV exports (as carewh generate writes
// them) into a PostgreSQL database, for demonstrations and tests: each
// file becomes the table named after its stem, in schema (created if
// missing), replacing any table of that name, with the file's columns. A
// column whose every value is an ISO date (YYYY-MM-DD) becomes a date
// column, as in a case system's database; the rest are text, so that the
// faults the synthetic case system carries (impossible dates, dates in
// UK form) load as they are. Empty fields load as NULL. Rows are loaded in
// file order with COPY, in one transaction.
func LoadPostgres(ctx context.Context, rawURL, password, schema, dir string) ([]LoadedTable, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parsing database URL: %w", err)
	}
	d, err := dialectFor(u)
	if err != nil {
		return nil, err
	}
	pg, ok := d.(postgres)
	if !ok {
		return nil, fmt.Errorf("loading supports PostgreSQL only, not %s", d.name())
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("no CSV files in %s", dir)
	}
	cfg, err := pg.config(u, password, 30*time.Second)
	if err != nil {
		return nil, err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", hostOf(u), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pg.quote(schema)); err != nil {
		return nil, fmt.Errorf("creating schema %s: %w", schema, err)
	}
	var loaded []LoadedTable
	for _, path := range files {
		if strings.HasPrefix(filepath.Base(path), ".") {
			continue
		}
		t, err := loadFile(ctx, tx, pg, schema, path)
		if err != nil {
			return nil, fmt.Errorf("loading %s: %w", filepath.Base(path), err)
		}
		loaded = append(loaded, t)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("committing: %w", err)
	}
	return loaded, nil
}

// loadFile creates the table of one CSV file and copies its rows in.
func loadFile(ctx context.Context, tx pgx.Tx, pg postgres, schema, path string) (LoadedTable, error) {
	header, isDate, err := scanCSV(path)
	if err != nil {
		return LoadedTable{}, err
	}
	table := strings.ToLower(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
	qualified := pg.quote(schema) + "." + pg.quote(table)
	cols := make([]string, len(header))
	defs := make([]string, len(header))
	for i, h := range header {
		cols[i] = pg.quote(h)
		defs[i] = cols[i] + " text"
		if isDate[i] {
			defs[i] = cols[i] + " date"
		}
	}
	if _, err := tx.Exec(ctx, "DROP TABLE IF EXISTS "+qualified); err != nil {
		return LoadedTable{}, err
	}
	if _, err := tx.Exec(ctx, "CREATE TABLE "+qualified+" (\n  "+strings.Join(defs, ",\n  ")+"\n)"); err != nil {
		return LoadedTable{}, fmt.Errorf("creating %s.%s: %w", schema, table, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return LoadedTable{}, err
	}
	defer f.Close()
	tag, err := tx.Conn().PgConn().CopyFrom(ctx, skipBOM(f),
		"COPY "+qualified+" ("+strings.Join(cols, ", ")+") FROM STDIN WITH (FORMAT csv, HEADER true)")
	if err != nil {
		return LoadedTable{}, fmt.Errorf("copying into %s.%s: %w", schema, table, err)
	}
	return LoadedTable{Table: table, Rows: tag.RowsAffected()}, nil
}

// scanCSV reads a CSV file's header and says which columns hold only ISO
// dates (and at least one).
func scanCSV(path string) (header []string, isDate []bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(skipBOM(f))
	r.ReuseRecord = true
	head, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, errors.New("file is empty: expected a header row")
	}
	if err != nil {
		return nil, nil, err
	}
	header = make([]string, len(head))
	for i, h := range head {
		header[i] = strings.TrimSpace(h)
	}
	isDate = make([]bool, len(header))
	seen := make([]bool, len(header))
	for i := range isDate {
		isDate[i] = true
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		for i, v := range rec {
			if i >= len(header) || v == "" || !isDate[i] {
				continue
			}
			seen[i] = true
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				isDate[i] = false
			}
		}
	}
	for i := range isDate {
		isDate[i] = isDate[i] && seen[i]
	}
	return header, isDate, nil
}

// skipBOM drops a UTF-8 byte-order mark, as Excel writes one.
func skipBOM(f io.Reader) io.Reader {
	br := bufio.NewReaderSize(f, 1<<20)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	return br
}
