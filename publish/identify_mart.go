package publish

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"carewh/pipelines/identify"
	"carewh/publish/tracker"
)

// MartTable is one mart read for an identified export: every column and
// row, then the identity columns.
type MartTable struct {
	Mart    string
	Comment string // what the mart holds (its table comment)
	Columns []string
	Rows    [][]any
	Marking string
	Notes   []string
}

// ChildMarts lists the marts where a row is a child's: those with a
// person_id column, the only ones an identified export names children in.
func ChildMarts(ctx context.Context, db *sql.DB) ([]string, error) {
	marts, err := martColumns(ctx, db)
	if err != nil {
		return nil, err
	}
	var out []string
	for name, cols := range marts {
		if slices.Contains(cols, `"person_id"`) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out, nil
}

// ReadMart reads a mart where a row is a child's, whole.
func ReadMart(ctx context.Context, db *sql.DB, mart string) (*MartTable, error) {
	child, err := ChildMarts(ctx, db)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(child, mart) {
		return nil, fmt.Errorf("marts.%s is not a mart of children (no person_id column): --identify names the children of %s",
			mart, strings.Join(child, ", "))
	}
	t := &MartTable{Mart: mart}
	err = db.QueryRowContext(ctx, `SELECT coalesce(comment, '') FROM duckdb_tables() WHERE schema_name = 'marts' AND table_name = ?
		UNION ALL SELECT coalesce(comment, '') FROM duckdb_views() WHERE schema_name = 'marts' AND view_name = ?`, mart, mart).Scan(&t.Comment)
	if err != nil {
		return nil, fmt.Errorf("reading marts.%s: %w", mart, err)
	}
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT * FROM marts."%s"`, mart))
	if err != nil {
		return nil, fmt.Errorf("reading marts.%s: %w", mart, err)
	}
	defer rows.Close()
	if t.Columns, err = rows.Columns(); err != nil {
		return nil, err
	}
	for rows.Next() {
		values := make([]any, len(t.Columns))
		ptrs := make([]any, len(values))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("reading marts.%s: %w", mart, err)
		}
		for i, v := range values {
			values[i] = cellValue(v)
		}
		t.Rows = append(t.Rows, values)
	}
	return t, rows.Err()
}

// cellValue makes a scanned value one a CSV or XLSX cell takes: text,
// whole and decimal numbers, dates and booleans as they are, lists as
// their items joined by ", ".
func cellValue(v any) any {
	switch x := v.(type) {
	case nil, string, time.Time, int64, float64, bool:
		return x
	case int32:
		return int64(x)
	case int16:
		return int64(x)
	case int8:
		return int64(x)
	case float32:
		return float64(x)
	case *big.Int:
		if x.IsInt64() {
			return x.Int64()
		}
		return x.String()
	case []byte:
		return string(x)
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			parts = append(parts, fmt.Sprint(cellValue(e)))
		}
		return strings.Join(parts, ", ")
	default:
		return fmt.Sprint(x)
	}
}

// Want lists the children and staff the mart names by pseudonym.
func (t *MartTable) Want() identify.Want { return wanted(t.Columns, t.Rows) }

// Identify adds the identity columns, marks the table and notes what the
// source could not say.
func (t *MartTable) Identify(found *identify.Found, source string) {
	want := t.Want()
	for _, c := range applicable(t.Columns, found) {
		of := slices.Index(t.Columns, c.of)
		at := slices.Index(t.Columns, c.after) + 1
		for i, row := range t.Rows {
			t.Rows[i] = slices.Insert(row, at, c.value(found, row[of]))
		}
		t.Columns = slices.Insert(t.Columns, at, c.mart)
	}
	t.Marking = Marking
	t.Notes = identityNotes(found, want, source)
}

// WriteCSV writes the table as CSV: the marking as a comment line, the
// header, then the rows, text escaped as the tracker's is.
func (t *MartTable) WriteCSV(w io.Writer) error {
	if t.Marking != "" {
		if _, err := fmt.Fprintf(w, "# %s\n", t.Marking); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.Write(t.Columns)
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, v := range row {
			rec[i] = csvCell(v)
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

func csvCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly)
		}
		return x.UTC().Format(time.RFC3339)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	default:
		return tracker.TextCell(fmt.Sprint(x))
	}
}
