package bench

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"carewh/canonical"
	"carewh/config"
	"carewh/pipelines/duck"
)

// TestReferenceIngest: DuckDB's reference copy has every canonical column
// with the lake's type, every source row, and values parsed as carewh
// parses them.
func TestReferenceIngest(t *testing.T) {
	out := t.TempDir()
	settings := config.DuckDB{MemoryLimit: "1GB", Threads: 1}
	rows, err := ReferenceIngest(context.Background(), settings, "../testdata/golden/permanence_tracker/source", out)
	if err != nil {
		t.Fatal(err)
	}
	// 93 data rows: the 114 lines of the 21 files (`grep -c . *.csv`) less
	// their header lines.
	if rows != 93 {
		t.Errorf("reference wrote %d rows, want 93", rows)
	}
	db, err := duck.Open(":memory:", settings, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := map[canonical.Kind]string{
		canonical.Text: "VARCHAR", canonical.Code: "VARCHAR", canonical.Date: "DATE", canonical.Bool: "BOOLEAN",
		canonical.Int: "BIGINT", canonical.Float: "DOUBLE", canonical.CodeList: "VARCHAR[]",
	}
	for _, table := range canonical.Tables {
		got, err := db.Query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " +
			duck.ReadParquet([]string{filepath.Join(out, table.Name+".parquet")}) + ")")
		if err != nil {
			t.Fatal(err)
		}
		var i int
		for got.Next() {
			var name, typ string
			if err := got.Scan(&name, &typ); err != nil {
				t.Fatal(err)
			}
			if i >= len(table.Columns) {
				t.Errorf("%s: extra column %s", table.Name, name)
			} else if c := table.Columns[i]; name != c.Name || typ != want[c.Kind] {
				t.Errorf("%s column %d is %s %s, want %s %s", table.Name, i, name, typ, c.Name, want[c.Kind])
			}
			i++
		}
		got.Close()
		if i != len(table.Columns) {
			t.Errorf("%s has %d columns, want %d", table.Name, i, len(table.Columns))
		}
	}

	// CP01's plan JSON says Y to RETURN6M and ADOPTION only; its start is
	// an ISO date.
	var plans, start string
	err = db.QueryRow(`SELECT array_to_string(plan_codes, ','), strftime(start_date, '%Y-%m-%d') FROM `+
		duck.ReadParquet([]string{filepath.Join(out, "cla_care_plans.parquet")})+` WHERE care_plan_id = 'CP01'`).Scan(&plans, &start)
	if err != nil {
		t.Fatal(err)
	}
	if plans != "ADOPTION,RETURN6M" || start != "2023-08-01" {
		t.Errorf("CP01 plan %s from %s, want ADOPTION,RETURN6M from 2023-08-01", plans, start)
	}
	if strings.Contains(plans, "REMAINSUP") {
		t.Error("a plan key answered N was kept")
	}
}
