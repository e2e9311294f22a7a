package pipelines

import (
	"carewh/pipelines/warehouse"
	"carewh/publish"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestBadBytesAndQuotes: a bad byte or an unbalanced quote costs at most
// its own row, and every row is still accounted for. The source is
// row_accounting's (see its README for the counts before), with:
//
// ssd_person.csv, two rows appended:
//
//	line 17  C92, ethnicity "WBR\xC9"  fixed: bad_value of ethnicity (optional)
//	line 18  "C9\xFF3" as person_id    quarantined: bad_encoding of the key
//
// person: read 15 + 2 = 17, rows 14 + 1 = 15, fixed 1 + 1 = 2, quarantined
// 1 + 1 = 2; 17 = 15 + 2.
//
// ssd_cla_reviews.csv (44 lines), two lines changed:
//
//	line 20  R06-5 with review date `"2024-01-09` (a quote never closed)
//	line 30  R10-X with its id quoted, `"R10-X"` (well-formed)
//
// The quote of line 20 runs to line 30's, which then breaks the record
// (`"R10` is not followed by a separator): line 20 is set aside as
// malformed_row and reading resumes at line 21, so lines 21–29, line 30
// (R10-X) and the rest load as before. cla_reviews: read 43 (unchanged),
// rows 39 − 1 = 38, fixed 2, quarantined 4 + 1 = 5; 43 = 38 + 5.
func TestBadBytesAndQuotes(t *testing.T) {
	src := copyDir(t, "../testdata/golden/row_accounting/source")
	editFile(t, filepath.Join(src, "ssd_person.csv"), "C91,F,,WBRI,31/02/2015,,,\n",
		"C91,F,,WBRI,31/02/2015,,,\nC92,F,,WBR\xc9,2015-01-01,,,\nC9\xff3,M,,WBRI,2015-01-01,,,\n")
	editFile(t, filepath.Join(src, "ssd_cla_reviews.csv"), "R06-5,E06,CLA06,,2024-01-09,N,PN1\n", "R06-5,E06,CLA06,,\"2024-01-09,N,PN1\n")
	editFile(t, filepath.Join(src, "ssd_cla_reviews.csv"), "R10-X,E10,CLA10,,2023-09-01,N,PN1\n", "\"R10-X\",E10,CLA10,,2023-09-01,N,PN1\n")
	cfg := testConfig(t, src, "2024-06-30")
	m := runPipeline(t, cfg)
	type count struct{ read, rows, fixed, quarantined int64 }
	want := map[string]count{
		"cla_reviews": {43, 38, 2, 5},
		"person":      {17, 15, 2, 2},
		"cp_plans":    {2, 1, 0, 1},
	}
	for name, s := range m.Tables {
		w, ok := want[name]
		if !ok {
			w = count{s.Rows, s.Rows, 0, 0}
		}
		if s.Read == nil || s.Fixed == nil {
			t.Errorf("%s: read or fixed not recorded", name)
			continue
		}
		if got := (count{*s.Read, s.Rows, *s.Fixed, s.Quarantined}); got != w {
			t.Errorf("%s: read, rows, fixed, quarantined = %v, want %v", name, got, w)
		}
	}

	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := publish.ReadRowAccount(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	if a.Read != a.Loaded+a.Fixed+a.Quarantined {
		t.Errorf("row account does not add up: %s", a)
	}
	var unbalanced int
	if err := db.QueryRow(`SELECT count(*) FROM ops.row_accounting
		WHERE read_rows <> loaded_rows + fixed_rows + quarantined_rows`).Scan(&unbalanced); err != nil || unbalanced != 0 {
		t.Errorf("%d tables of ops.row_accounting do not add up (%v)", unbalanced, err)
	}

	rows, err := db.Query(`SELECT table_name, source, line, rule, coalesce(column_name, ''), coalesce(value, ''), message
		FROM raw.quarantine WHERE (table_name = 'person' AND line > 16) OR (table_name = 'cla_reviews' AND line = 20)
		ORDER BY table_name, line`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var table, source, rule, column, value, message string
		var line int64
		if err := rows.Scan(&table, &source, &line, &rule, &column, &value, &message); err != nil {
			t.Fatal(err)
		}
		if !utf8.ValidString(value) || !utf8.ValidString(message) {
			t.Errorf("quarantine text not valid UTF-8: %q, %q", value, message)
		}
		if column == "person_id" {
			value = "(pseudonym)"
		}
		got = append(got, fmt.Sprintf("%s %s %d %s %s %s | %s", table, source, line, rule, column, value, message))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	wantQ := []string{
		`cla_reviews ssd_cla_reviews.csv 20 malformed_row   | ssd_cla_reviews.csv line 20: a quoted field that does not end as CSV requires (line 30, column 1: extraneous or missing " in quoted-field: an unbalanced quote?); line 20 set aside, reading resumed at line 21, the next line that reads as a record of 7 fields`,
		`person ssd_person.csv 17 bad_value ethnicity WBR\xC9 | ssd_person.csv line 17, column pers_ethnicity: bad_encoding: the value is not valid UTF-8 (byte \xC9 at byte 4; the quarantine shows such bytes as \xNN): is the source saved as UTF-8?; the row is kept with pers_ethnicity empty`,
		`person ssd_person.csv 18 bad_encoding person_id (pseudonym) | ssd_person.csv line 18, column pers_person_id: bad_encoding: the value is not valid UTF-8 (byte \xFF at byte 3; the quarantine shows such bytes as \xNN): is the source saved as UTF-8?`,
	}
	if strings.Join(got, "\n") != strings.Join(wantQ, "\n") {
		t.Errorf("quarantine:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantQ, "\n"))
	}
	var r10 int
	if err := db.QueryRow(`SELECT count(*) FROM raw.cla_reviews WHERE _line IN (21, 29, 30, 38)`).Scan(&r10); err != nil || r10 != 4 {
		t.Errorf("%d of lines 21, 29, 30 and 38 of the reviews loaded (%v), want 4", r10, err)
	}
}
