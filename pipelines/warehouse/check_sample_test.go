package warehouse

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"carewh/config"
	"carewh/pipelines/duck"
	"carewh/pipelines/models"
)

// TestDescribeBreakingRows checks that a failed check names the rows that
// broke it: the check's columns, the child, and the file and line.
func TestDescribeBreakingRows(t *testing.T) {
	ctx := context.Background()
	conn := scratchConn(t)
	if _, err := conn.ExecContext(ctx, `CREATE TABLE periods AS SELECT * FROM (VALUES
		('P1', 'child-a', DATE '2023-01-02', 'episodes.csv', 7),
		('P1', 'child-a', DATE '2023-01-02', 'episodes.csv', 9),
		('P2', 'child-b', NULL, 'episodes.csv', 12),
		('P3', 'child-c', DATE '2023-05-01', 'episodes.csv', 15))
		t(period_id, person_id, period_start, _source, _line)`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		decl string
		want []string
	}{
		{"unique(period_id)", []string{
			"period_id=P1 person_id=child-a _source=episodes.csv _line=7",
			"period_id=P1 person_id=child-a _source=episodes.csv _line=9"}},
		{"not_null(period_start)", []string{"person_id=child-b period_start=NULL _source=episodes.csv _line=12"}},
		{"accepted_values(period_id: P1, P2)", []string{"period_id=P3 person_id=child-c _source=episodes.csv _line=15"}},
		{"expect(period_start < DATE '2023-03-01')", []string{
			"person_id=child-b _source=episodes.csv _line=12", "person_id=child-c _source=episodes.csv _line=15"}},
		{"relationship(person_id -> main.periods.period_id)", nil},
	} {
		check, err := models.ParseCheck(c.decl, false)
		if err != nil {
			t.Fatal(err)
		}
		got, err := describeBreakingRows(ctx, conn, check, "periods")
		if err != nil {
			t.Fatalf("%s: %v", c.decl, err)
		}
		var parts []string
		if got != "" {
			parts = strings.Split(got, "; ")
		}
		if c.decl == "relationship(person_id -> main.periods.period_id)" {
			if len(parts) != 4 {
				t.Errorf("%s: %d rows named, want all 4: %q", c.decl, len(parts), got)
			}
			continue
		}
		if strings.Join(parts, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s:\n got %q\nwant %q", c.decl, parts, c.want)
		}
	}
}

// scratchConn opens a small DuckDB file of the test's own, closed when the
// test ends.
func scratchConn(t *testing.T) *sql.Conn {
	t.Helper()
	db, conn, err := duck.OpenConn(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), config.DuckDB{MemoryLimit: "256MB", Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Close()
		db.Close()
	})
	return conn
}
