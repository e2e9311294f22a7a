package tracker

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"carewh/internal/atomicfile"
)

// Formats are the formats the tracker is written in.
var Formats = []string{"xlsx", "csv", "parquet"}

// Options say how to write the tracker.
type Options struct {
	// Format is xlsx, csv or parquet.
	Format string
	Filter Filter
	// SheetPerTeam adds a sheet per team (xlsx only).
	SheetPerTeam bool
}

// Check reports options that cannot be honoured.
func (o Options) Check() error {
	if !slices.Contains(Formats, o.Format) {
		return fmt.Errorf("format must be one of %s, got %q", strings.Join(Formats, ", "), o.Format)
	}
	if o.SheetPerTeam && o.Format != "xlsx" {
		return fmt.Errorf("a sheet per team needs the xlsx format, not %s", o.Format)
	}
	return nil
}

// WriteFile reads the tracker from the warehouse and writes it to path,
// replacing any file there atomically. It returns what it wrote.
func WriteFile(ctx context.Context, db *sql.DB, path string, o Options) (*Table, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	t, err := Read(ctx, db, o.Filter)
	if err != nil {
		return nil, err
	}
	switch o.Format {
	case "parquet":
		err = writeParquet(ctx, db, path, o.Filter)
	case "csv":
		err = atomicfile.Write(path, func(w io.Writer) error { return WriteCSV(w, t) })
	default:
		err = atomicfile.Write(path, func(w io.Writer) error { return WriteXLSX(w, t, o.SheetPerTeam) })
	}
	if err != nil {
		return nil, fmt.Errorf("writing the tracker to %s: %w", path, err)
	}
	return t, nil
}

// Write reads the tracker and writes it to w as CSV or XLSX. Parquet is
// written by DuckDB, to a file only: use WriteFile.
func Write(ctx context.Context, db *sql.DB, w io.Writer, o Options) (*Table, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	if o.Format == "parquet" {
		return nil, fmt.Errorf("the tracker is written as Parquet to a file, not a stream")
	}
	t, err := Read(ctx, db, o.Filter)
	if err != nil {
		return nil, err
	}
	if o.Format == "csv" {
		return t, WriteCSV(w, t)
	}
	return t, WriteXLSX(w, t, o.SheetPerTeam)
}

// WriteCSV writes the tracker as CSV: the protective marking, if any, as
// a comment line, then the plain-English header, dates as
// YYYY-MM-DD, empty cells for missing values. A text cell that a
// spreadsheet would take for a formula is escaped (see TextCell); numbers
// and dates are written as they are.
func WriteCSV(w io.Writer, t *Table) error {
	t = t.withColumns()
	if t.Marking != "" {
		// The marking is a comment line before the header: where a
		// spreadsheet opens the file, it is the first thing shown.
		if _, err := fmt.Fprintf(w, "# %s\n", t.Marking); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Header
	}
	cw.Write(header)
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, v := range row {
			switch x := v.(type) {
			case nil:
				rec[i] = ""
			case time.Time:
				rec[i] = x.Format(time.DateOnly)
			case int64:
				rec[i] = strconv.FormatInt(x, 10)
			default:
				rec[i] = TextCell(fmt.Sprint(x))
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// TextCell escapes a text cell against CSV injection as OWASP advises: a
// cell starting with =, +, -, @, a tab or a carriage return, which Excel
// or LibreOffice would run as a formula (a team named
// "=1+1+cmd|calc!A0"), is prefixed with a single quote, which makes it
// text; the CSV writer quotes it where CSV needs. Only text is escaped:
// counts such as a negative days-overdue are int64 values written as
// numbers, never through here, so they stay numbers.
func TextCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeParquet has DuckDB write the tracker's query as zstd Parquet, with
// the same plain-English column names, dates as DATE and counts as
// integers, to a temporary file renamed over path. db must be allowed to
// write in path's folder (warehouse.OpenWriting).
func writeParquet(ctx context.Context, db *sql.DB, path string, f Filter) error {
	tmp, err := atomicfile.TempName(path)
	if err != nil {
		return err
	}
	copySQL := fmt.Sprintf("COPY (%s) TO %s (FORMAT parquet, COMPRESSION zstd)", query(f), literal(tmp))
	if _, err := db.ExecContext(ctx, copySQL); err != nil {
		os.Remove(tmp)
		return err
	}
	return atomicfile.Commit(tmp, path)
}
