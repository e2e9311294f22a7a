package publish

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"

	"carewh/pipelines/warehouse"
	"carewh/publish/internal/testwarehouse"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testwarehouse.Cleanup()
	os.Exit(code)
}

// The permanence tracker golden case fills the tracker, plan and review
// marts; exports are configured to write the tracker feed as XLSX too.
const exportsYAML = "exports:\n  tracker_feed:\n    format: xlsx\n    sheet_per_team: true\n"

// TestExportMartsMatchesWarehouse exports every mart and reads each file
// back with parquet-go: the same columns, and the same rows, as the mart.
func TestExportMartsMatchesWarehouse(t *testing.T) {
	cfg := testwarehouse.Build(t, "../testdata/golden/permanence_tracker/source", "2024-06-30", exportsYAML)
	dir := cfg.MartExportDir()
	// A mart that no longer exists, and a temporary file an interrupted
	// export left behind an hour ago, are cleared away.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := []string{filepath.Join(dir, "dropped_mart.parquet"), filepath.Join(dir, ".board_kpis.parquet.tmp-0a1b2c")}
	for _, p := range stale {
		if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		old := time.Now().Add(-2 * time.Hour)
		os.Chtimes(p, old, old)
	}

	files, err := ExportMarts(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	marts := martNames(t, db)
	if len(files) != len(marts) || len(marts) < 30 {
		t.Fatalf("exported %d files for %d marts", len(files), len(marts))
	}
	var onDisk []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		onDisk = append(onDisk, e.Name())
	}
	var want []string
	for _, m := range marts {
		want = append(want, m+".parquet")
	}
	if !slices.Equal(onDisk, want) {
		t.Errorf("export folder holds %q, want exactly %q", onDisk, want)
	}

	nonEmpty := 0
	for _, f := range files {
		wantCols, wantRows := martRows(t, db, f.Mart)
		gotCols, gotRows := parquetRows(t, f.Path, wantCols)
		if !slices.Equal(gotCols, columnNames(wantCols)) {
			t.Errorf("%s: Parquet columns %q, want %q", f.Mart, gotCols, columnNames(wantCols))
			continue
		}
		if int64(len(wantRows)) != f.Rows {
			t.Errorf("%s: ExportMarts says %d rows, the mart has %d", f.Mart, f.Rows, len(wantRows))
		}
		if !slices.Equal(gotRows, wantRows) {
			t.Errorf("%s: Parquet rows differ from the mart's:\n got %q\nwant %q", f.Mart, head(gotRows), head(wantRows))
		}
		if len(wantRows) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 10 {
		t.Errorf("only %d marts have rows: the comparison proves little", nonEmpty)
	}
}

// TestAfterRunWritesConfiguredExports runs the post-run publishing: every
// mart, and the tracker feed at its default path.
func TestAfterRunWritesConfiguredExports(t *testing.T) {
	cfg := testwarehouse.Build(t, "../testdata/golden/permanence_tracker/source", "2024-06-30", exportsYAML)
	if err := AfterRun(context.Background(), cfg, nil); err != nil {
		t.Fatal(err)
	}
	feed := filepath.Join(cfg.Exports.Dir, "permanence-tracker.xlsx")
	if cfg.Exports.TrackerFeed.Path != feed {
		t.Errorf("feed path %s, want the default %s", cfg.Exports.TrackerFeed.Path, feed)
	}
	f, err := excelize.OpenFile(feed)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Contains(got, "North") {
		t.Errorf("feed sheets %q: want a sheet per team", got)
	}
	if _, err := os.Stat(filepath.Join(cfg.MartExportDir(), "permanence_tracker.parquet")); err != nil {
		t.Error(err)
	}

	off := *cfg
	no := false
	off.Exports.Marts = &no
	off.Exports.TrackerFeed.Format = ""
	off.DataDir = t.TempDir() // no warehouse here: nothing may open it
	if err := AfterRun(context.Background(), &off, nil); err != nil {
		t.Errorf("with every export off: %v", err)
	}
}

type column struct{ name, typ string }

func columnNames(cols []column) []string {
	var out []string
	for _, c := range cols {
		out = append(out, c.name)
	}
	return out
}

func martNames(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

// martRows reads a mart from the warehouse, each row rendered as text,
// sorted.
func martRows(t *testing.T, db *sql.DB, mart string) ([]column, []string) {
	t.Helper()
	rows, err := db.Query(`SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = 'marts' AND table_name = ? ORDER BY ordinal_position`, mart)
	if err != nil {
		t.Fatal(err)
	}
	var cols []column
	for rows.Next() {
		var c column
		rows.Scan(&c.name, &c.typ)
		cols = append(cols, c)
	}
	rows.Close()
	data, err := db.Query(fmt.Sprintf(`SELECT * FROM marts."%s"`, mart))
	if err != nil {
		t.Fatal(err)
	}
	defer data.Close()
	var out []string
	values := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range values {
		ptrs[i] = &values[i]
	}
	for data.Next() {
		if err := data.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		cells := make([]string, len(cols))
		for i, v := range values {
			cells[i] = render(v, cols[i].typ)
		}
		out = append(out, strings.Join(cells, "|"))
	}
	slices.Sort(out)
	return cols, out
}

// parquetRows reads a Parquet file with parquet-go, independently of
// DuckDB, each row rendered as martRows renders the mart's.
func parquetRows(t *testing.T, path string, cols []column) ([]string, []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var names []string
	for _, field := range pf.Schema().Fields() {
		names = append(names, field.Name())
	}
	r := parquet.NewReader(pf)
	defer r.Close()
	var out []string
	for {
		m := map[string]any{}
		if err := r.Read(&m); err != nil {
			break
		}
		cells := make([]string, len(cols))
		for i, c := range cols {
			cells[i] = render(m[c.name], c.typ)
		}
		out = append(out, strings.Join(cells, "|"))
	}
	if int64(len(out)) != pf.NumRows() {
		t.Fatalf("%s: read %d rows, the file says %d", path, len(out), pf.NumRows())
	}
	slices.Sort(out)
	return names, out
}

// render writes a value of a DuckDB column type as text, whichever
// reader produced it: DuckDB's driver or parquet-go (which gives a DATE as
// days since 1970 and a list as a slice).
func render(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return x.Format(time.DateOnly)
	case int32:
		if typ == "DATE" {
			return time.Unix(0, 0).UTC().AddDate(0, 0, int(x)).Format(time.DateOnly)
		}
		return fmt.Sprint(int64(x))
	case *big.Int:
		return x.String()
	case []byte:
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = render(e, strings.TrimSuffix(typ, "[]"))
		}
		return "[" + strings.Join(parts, ",") + "]"
	case []string:
		return "[" + strings.Join(x, ",") + "]"
	case float64:
		return fmt.Sprintf("%.10g", x)
	default:
		return fmt.Sprint(x)
	}
}

func head(rows []string) []string {
	if len(rows) > 3 {
		return rows[:3]
	}
	return rows
}
