package pipelines

import (
	"carewh/pipelines/warehouse"
	"fmt"
	"strings"
	"testing"
)

// TestRowAccounting runs testdata/golden/row_accounting (its README has the
// working): each table's read, loaded, fixed and quarantined rows are as
// counted by hand, read = rows + quarantined for every table, in the
// manifest and in ops.run_tables, and the quarantine names each row's file
// and line under its rule.
func TestRowAccounting(t *testing.T) {
	cfg := testConfig(t, "../testdata/golden/row_accounting/source", "2024-06-30")
	m := runPipeline(t, cfg)
	type count struct{ read, rows, fixed, quarantined int64 }
	want := map[string]count{
		"cla_reviews": {43, 39, 2, 4},
		"person":      {15, 14, 1, 1},
		"cp_plans":    {2, 1, 0, 1},
	}
	for name, s := range m.Tables {
		if s.Read == nil || s.Fixed == nil {
			t.Errorf("%s: read or fixed not recorded: %+v", name, s)
			continue
		}
		got := count{*s.Read, s.Rows, *s.Fixed, s.Quarantined}
		w, ok := want[name]
		if !ok {
			w = count{s.Rows, s.Rows, 0, 0}
		}
		if got != w {
			t.Errorf("%s: read, rows, fixed, quarantined = %v, want %v", name, got, w)
		}
	}

	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables, unbalanced int
	if err := db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE read_rows IS DISTINCT FROM rows + quarantined_rows)
		FROM ops.run_tables WHERE run_id = ?`, m.RunID).Scan(&tables, &unbalanced); err != nil {
		t.Fatal(err)
	}
	if tables != len(m.Tables) || unbalanced != 0 {
		t.Errorf("ops.run_tables: %d tables, %d where read_rows <> rows + quarantined_rows", tables, unbalanced)
	}
	var read, fixed int64
	if err := db.QueryRow(`SELECT read_rows, fixed_rows FROM ops.run_tables WHERE run_id = ? AND table_name = 'cla_reviews'`,
		m.RunID).Scan(&read, &fixed); err != nil || read != 43 || fixed != 2 {
		t.Errorf("ops.run_tables cla_reviews: read %d, fixed %d (%v); want 43 and 2", read, fixed, err)
	}

	rows, err := db.Query(`SELECT table_name, source, line, rule FROM raw.quarantine ORDER BY table_name, line, rule`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var table, source, rule string
		var line int64
		if err := rows.Scan(&table, &source, &line, &rule); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %d %s", table, source, line, rule))
	}
	gotQ := strings.Join(got, "\n")
	wantQ := strings.Join([]string{
		"cla_reviews ssd_cla_reviews.csv 39 future_date",
		"cla_reviews ssd_cla_reviews.csv 40 bad_value",
		"cla_reviews ssd_cla_reviews.csv 41 bad_value",
		"cla_reviews ssd_cla_reviews.csv 41 bad_value",
		"cla_reviews ssd_cla_reviews.csv 41 bad_value",
		"cla_reviews ssd_cla_reviews.csv 42 duplicate_key",
		"cla_reviews ssd_cla_reviews.csv 43 required",
		"cla_reviews ssd_cla_reviews.csv 44 malformed_row",
		"cp_plans ssd_cp_plans.csv 3 duplicate_record",
		"person ssd_person.csv 15 bad_value",
		"person ssd_person.csv 16 bad_type",
	}, "\n")
	if gotQ != wantQ {
		t.Errorf("raw.quarantine:\n%s\nwant\n%s", gotQ, wantQ)
	}

	// Every loaded row names its file.
	var unnamed int
	if err := db.QueryRow(`SELECT count(*) FROM raw.cla_reviews WHERE _source IS DISTINCT FROM 'ssd_cla_reviews.csv'`).Scan(&unnamed); err != nil || unnamed != 0 {
		t.Errorf("%d raw.cla_reviews rows without their file (%v)", unnamed, err)
	}
}
