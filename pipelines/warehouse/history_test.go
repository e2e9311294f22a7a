package warehouse

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"carewh/config"
	"carewh/internal/dbtest"
	"carewh/pipelines/duck"
	"carewh/pipelines/lake"
)

// TestHistoryQueryEndsEachVersion: over one run's change files (two of
// them) every row is current; over three runs' change files, each version
// of a key is valid from its run's start until the start of the next run
// that changed the key, and a key no later run changed stays open (k3, and
// each key's last version). The expected ends were worked out by hand from
// the three runs' rows.
func TestHistoryQueryEndsEachVersion(t *testing.T) {
	ctx := context.Background()
	db, err := duck.Open("", config.DuckDB{MemoryLimit: "1GB", Threads: 2}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one in-memory database
	dir := t.TempDir()
	start := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	runs := []struct {
		files [][]string // each file's rows: key, change type, value
	}{
		{files: [][]string{{"k1,insert,a", "k2,insert,b"}, {"k3,insert,c"}}},
		{files: [][]string{{"k1,update,a2", "k4,insert,d"}}},
		{files: [][]string{{"k1,delete,a2", "k2,update,b2", "k4,update,d2"}}},
	}
	var files []historyFile
	for i, r := range runs {
		m := lake.Manifest{RunID: fmt.Sprintf("run%d", i+1), Started: start.Add(time.Duration(i) * 24 * time.Hour)}
		for j, rows := range r.files {
			path := filepath.Join(dir, fmt.Sprintf("run%d-%d.parquet", i+1, j))
			var values string
			for k, row := range rows {
				if k > 0 {
					values += ", "
				}
				values += "(" + duck.Quote(row) + ")"
			}
			copyRows := fmt.Sprintf(`COPY (SELECT split_part(r, ',', 1) AS id, split_part(r, ',', 2) AS change_type,
				split_part(r, ',', 3) AS v FROM (VALUES %s) t(r)) TO %s (FORMAT parquet)`, values, duck.Quote(path))
			if _, err := db.ExecContext(ctx, copyRows); err != nil {
				t.Fatal(err)
			}
			files = append(files, historyFile{path: path, run: m})
		}
	}
	versions := func(files []historyFile) [][]any {
		t.Helper()
		if _, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS h; "+historyQuery("h", duck.QuoteIdent("id"), files)); err != nil {
			t.Fatal(err)
		}
		_, cols := dbtest.Values(t, db, "SELECT column_name FROM (DESCRIBE h)")
		wantCols := [][]any{{"id"}, {"change_type"}, {"v"}, {"run_id"}, {"valid_from"}, {"valid_to"}}
		if !reflect.DeepEqual(cols, wantCols) {
			t.Errorf("columns %v, want %v", cols, wantCols)
		}
		_, rows := dbtest.Values(t, db, `SELECT id, change_type, run_id, strftime(valid_from AT TIME ZONE 'UTC', '%Y-%m-%d'),
			coalesce(strftime(valid_to AT TIME ZONE 'UTC', '%Y-%m-%d'), 'open') FROM h ORDER BY id, valid_from`)
		return rows
	}
	day := func(d int) string { return start.Add(time.Duration(d) * 24 * time.Hour).Format("2006-01-02") }

	// the first run alone, in its two files: every row current
	first := [][]any{
		{"k1", "insert", "run1", day(0), "open"},
		{"k2", "insert", "run1", day(0), "open"},
		{"k3", "insert", "run1", day(0), "open"},
	}
	if got := versions(files[:2]); !reflect.DeepEqual(got, first) {
		t.Errorf("history of the first run:\n got %v\nwant %v", got, first)
	}
	want := [][]any{
		{"k1", "insert", "run1", day(0), day(1)},
		{"k1", "update", "run2", day(1), day(2)},
		{"k1", "delete", "run3", day(2), "open"},
		{"k2", "insert", "run1", day(0), day(2)},
		{"k2", "update", "run3", day(2), "open"},
		{"k3", "insert", "run1", day(0), "open"},
		{"k4", "insert", "run2", day(1), day(2)},
		{"k4", "update", "run3", day(2), "open"},
	}
	if got := versions(files); !reflect.DeepEqual(got, want) {
		t.Errorf("history of three runs:\n got %v\nwant %v", got, want)
	}
}
