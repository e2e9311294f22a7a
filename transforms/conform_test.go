package transforms

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/config"
)

// TestConformRules gives each rule a row that breaks it, and checks the one
// rejection made: table, source, line, key, rule, column, value, and a
// message naming the source column and line.
func TestConformRules(t *testing.T) {
	p1 := pseudonym(t, canonical.PersonID, "P1")
	w1 := pseudonym(t, canonical.StaffID, "W1")
	mappings := mustDefaultMappings(t)
	tests := []struct {
		name   string
		table  string
		origin string
		opts   Options
		vals   map[string]string
		want   []canonical.Rejection
		// kept: the rules broken are bad values: the row is kept with
		// each rejection's column empty.
		kept bool
	}{
		{
			name: "required blank", table: "person", origin: "ssd_person.csv",
			vals: map[string]string{"person_id": "P1", "dob": "   "},
			want: []canonical.Rejection{{Table: "person", Source: "ssd_person.csv", Line: 7, Key: p1,
				Rule: canonical.RuleRequired, Column: "dob", Value: "",
				Message: "ssd_person.csv line 7, column pers_dob: a value is required"}},
		},
		{
			name: "required null", table: "person", origin: "ssd_person.csv",
			vals: map[string]string{"person_id": "P1"},
			want: []canonical.Rejection{{Table: "person", Source: "ssd_person.csv", Line: 7, Key: p1,
				Rule: canonical.RuleRequired, Column: "dob", Value: "",
				Message: "ssd_person.csv line 7, column pers_dob: a value is required"}},
		},
		{
			name: "required key null", table: "cla_visits", origin: "ssd_cla_visits.csv",
			vals: map[string]string{"visit_date": "2024-01-01"},
			want: []canonical.Rejection{{Table: "cla_visits", Source: "ssd_cla_visits.csv", Line: 7, Key: "",
				Rule: canonical.RuleRequired, Column: "visit_id", Value: "",
				Message: "ssd_cla_visits.csv line 7, column clav_cla_visit_id: a value is required"}},
		},
		{
			name: "bad_type impossible UK date", table: "person", origin: "ssd_person.csv",
			vals: map[string]string{"person_id": "P1", "dob": " 31/02/2019 "},
			want: []canonical.Rejection{{Table: "person", Source: "ssd_person.csv", Line: 7, Key: p1,
				Rule: canonical.RuleBadType, Column: "dob", Value: "31/02/2019",
				Message: `ssd_person.csv line 7, column pers_dob: "31/02/2019" is not a real date`}},
		},
		{
			name: "bad_type month 13", table: "person", origin: "ssd_person.csv",
			vals: map[string]string{"person_id": "P1", "dob": "2019-13-01"},
			want: []canonical.Rejection{{Table: "person", Source: "ssd_person.csv", Line: 7, Key: p1,
				Rule: canonical.RuleBadType, Column: "dob", Value: "2019-13-01",
				Message: `ssd_person.csv line 7, column pers_dob: "2019-13-01" is not a real date`}},
		},
		{
			name: "bad_type garbage date", table: "person", origin: "ssd_person.csv",
			vals: map[string]string{"person_id": "P1", "dob": "last spring"},
			want: []canonical.Rejection{{Table: "person", Source: "ssd_person.csv", Line: 7, Key: p1,
				Rule: canonical.RuleBadType, Column: "dob", Value: "last spring",
				Message: `ssd_person.csv line 7, column pers_dob: "last spring" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)`}},
		},
		{
			name: "bad_type bool", table: "cla_visits", origin: "ssd_cla_visits.csv",
			vals: map[string]string{"visit_id": "V1", "visit_date": "2024-01-01", "seen": "maybe"},
			want: []canonical.Rejection{{Table: "cla_visits", Source: "ssd_cla_visits.csv", Line: 7, Key: "V1",
				Rule: canonical.RuleBadValue, Column: "seen", Value: "maybe",
				Message: `ssd_cla_visits.csv line 7, column clav_cla_visit_seen: "maybe" is not yes or no (expected Y/N, Yes/No, true/false or 1/0); the row is kept with clav_cla_visit_seen empty`}},
			kept: true,
		},
		{
			name: "bad_type number", table: "professionals", origin: "ssd_professionals.csv",
			vals: map[string]string{"professional_id": "W1", "fte": "full time"},
			want: []canonical.Rejection{{Table: "professionals", Source: "ssd_professionals.csv", Line: 7, Key: w1,
				Rule: canonical.RuleBadValue, Column: "fte", Value: "full time",
				Message: `ssd_professionals.csv line 7, column prof_full_time_equivalency: "full time" is not a number; the row is kept with prof_full_time_equivalency empty`}},
			kept: true,
		},
		{
			name: "unknown_code", table: "cla_episodes", origin: "ssd_cla_episodes.csv",
			vals: map[string]string{"episode_id": "E1", "person_id": "P1", "episode_start_date": "2024-01-01", "start_reason": "Q"},
			want: []canonical.Rejection{{Table: "cla_episodes", Source: "ssd_cla_episodes.csv", Line: 7, Key: "E1",
				Rule: canonical.RuleUnknownCode, Column: "start_reason", Value: "Q",
				Message: `ssd_cla_episodes.csv line 7, column clae_cla_episode_start_reason: "Q" is not a RNE code and no mapping in config turns it into one`}},
		},
		{
			name: "unknown_code description without a mapper", table: "cla_episodes", origin: "ssd_cla_episodes.csv",
			vals: map[string]string{"episode_id": "E1", "person_id": "P1", "episode_start_date": "2024-01-01", "start_reason": "Started to be looked after"},
			want: []canonical.Rejection{{Table: "cla_episodes", Source: "ssd_cla_episodes.csv", Line: 7, Key: "E1",
				Rule: canonical.RuleUnknownCode, Column: "start_reason", Value: "Started to be looked after",
				Message: `ssd_cla_episodes.csv line 7, column clae_cla_episode_start_reason: "Started to be looked after" is not a RNE code and no mapping in config turns it into one`}},
		},
		{
			name: "unknown_code description not in the mappings", table: "cla_episodes", origin: "ssd_cla_episodes.csv",
			opts: Options{Mapper: mappings},
			vals: map[string]string{"episode_id": "E1", "person_id": "P1", "episode_start_date": "2024-01-01", "start_reason": "Started to be fostered"},
			want: []canonical.Rejection{{Table: "cla_episodes", Source: "ssd_cla_episodes.csv", Line: 7, Key: "E1",
				Rule: canonical.RuleUnknownCode, Column: "start_reason", Value: "Started to be fostered",
				Message: `ssd_cla_episodes.csv line 7, column clae_cla_episode_start_reason: "Started to be fostered" is not a RNE code and no mapping in config turns it into one`}},
		},
		{
			name: "unknown_code in care-plan JSON", table: "cla_care_plans", origin: "ssd_cla_care_plan.csv",
			vals: map[string]string{"care_plan_id": "CP1", "person_id": "P1", "start_date": "2024-01-01",
				"plan_codes": `{"ADOPTION":"Y","ELOPEMENT":"Y"}`},
			want: []canonical.Rejection{{Table: "cla_care_plans", Source: "ssd_cla_care_plan.csv", Line: 7, Key: "CP1",
				Rule: canonical.RuleBadValue, Column: "plan_codes", Value: `{"ADOPTION":"Y","ELOPEMENT":"Y"}`,
				Message: `ssd_cla_care_plan.csv line 7, column lacp_cla_care_plan_json: "ELOPEMENT" is not a CARE_PLAN code and no mapping in config turns it into one; the row is kept with lacp_cla_care_plan_json empty`}},
			kept: true,
		},
		{
			name: "code_not_in_year P2 from 2025/26", table: "cla_placements", origin: "ssd_cla_placement.csv",
			vals: map[string]string{"placement_id": "PL1", "start_date": "2025-05-01", "placement_type": "P2"},
			want: []canonical.Rejection{{Table: "cla_placements", Source: "ssd_cla_placement.csv", Line: 7, Key: "PL1",
				Rule: canonical.RuleCodeYear, Column: "placement_type", Value: "P2",
				Message: "ssd_cla_placement.csv line 7, column clap_cla_placement_type: placement type P2 is not in the code list of the collection year containing 2025-05-01"}},
		},
		{
			name: "code_not_in_year K3 before 2025/26", table: "cla_placements", origin: "ssd_cla_placement.csv",
			vals: map[string]string{"placement_id": "PL1", "start_date": "01/05/2024", "placement_type": "k3"},
			want: []canonical.Rejection{{Table: "cla_placements", Source: "ssd_cla_placement.csv", Line: 7, Key: "PL1",
				Rule: canonical.RuleCodeYear, Column: "placement_type", Value: "K3",
				Message: "ssd_cla_placement.csv line 7, column clap_cla_placement_type: placement type K3 is not in the code list of the collection year containing 2024-05-01"}},
		},
		{
			name: "date_order", table: "cla_placements", origin: "ssd_cla_placement.csv",
			vals: map[string]string{"placement_id": "PL1", "start_date": "2024-05-01", "end_date": "2024-04-30", "placement_type": "U1"},
			want: []canonical.Rejection{{Table: "cla_placements", Source: "ssd_cla_placement.csv", Line: 7, Key: "PL1",
				Rule: canonical.RuleBadValue, Column: "end_date", Value: "2024-04-30",
				Message: "ssd_cla_placement.csv line 7, column clap_cla_placement_end_date: 2024-04-30 is before clap_cla_placement_start_date 2024-05-01; the row is kept with clap_cla_placement_end_date empty"}},
			kept: true,
		},
		{
			name: "date_order death before birth", table: "person", origin: "ssd_person.csv",
			vals: map[string]string{"person_id": "P1", "dob": "2010-01-01", "death_date": "31/12/2009"},
			want: []canonical.Rejection{{Table: "person", Source: "ssd_person.csv", Line: 7, Key: p1,
				Rule: canonical.RuleBadValue, Column: "death_date", Value: "31/12/2009",
				Message: "ssd_person.csv line 7, column pers_death_date: 2009-12-31 is before pers_dob 2010-01-01; the row is kept with pers_death_date empty"}},
			kept: true,
		},
		{
			name: "date_range 1850", table: "person", origin: "ssd_person.csv",
			vals: map[string]string{"person_id": "P1", "dob": "1850-06-01"},
			want: []canonical.Rejection{{Table: "person", Source: "ssd_person.csv", Line: 7, Key: p1,
				Rule: canonical.RuleDateRange, Column: "dob", Value: "1850-06-01",
				Message: "ssd_person.csv line 7, column pers_dob: 1850-06-01 is before 1900-01-01"}},
		},
		{
			name: "date_range more than five years after as-of", table: "person", origin: "ssd_person.csv",
			vals: map[string]string{"person_id": "P1", "dob": "2030-07-01"},
			want: []canonical.Rejection{{Table: "person", Source: "ssd_person.csv", Line: 7, Key: p1,
				Rule: canonical.RuleDateRange, Column: "dob", Value: "2030-07-01",
				Message: "ssd_person.csv line 7, column pers_dob: 2030-07-01 is more than 5 years after the run's as-at date 2025-06-30"}},
		},
		{
			name: "every broken column of a row is reported, in column order", table: "person", origin: "ssd_person.csv",
			vals: map[string]string{"person_id": "P1", "sex": "X", "dob": "soon", "death_date": "2010-01-01"},
			want: []canonical.Rejection{
				{Table: "person", Source: "ssd_person.csv", Line: 7, Key: p1,
					Rule: canonical.RuleUnknownCode, Column: "sex", Value: "X",
					Message: `ssd_person.csv line 7, column pers_sex: "X" is not a sex code and no mapping in config turns it into one`},
				{Table: "person", Source: "ssd_person.csv", Line: 7, Key: p1,
					Rule: canonical.RuleBadType, Column: "dob", Value: "soon",
					Message: `ssd_person.csv line 7, column pers_dob: "soon" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)`},
			},
		},
		{
			name: "canonical column name when the source column is unknown", table: "person", origin: "person query",
			opts: Options{SourceColumns: map[string]string{}},
			vals: map[string]string{"person_id": "P1", "dob": "2019-02-30"},
			want: []canonical.Rejection{{Table: "person", Source: "person query", Line: 7, Key: p1,
				Rule: canonical.RuleBadType, Column: "dob", Value: "2019-02-30",
				Message: `person query line 7, column dob: "2019-02-30" is not a real date`}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			table := lookup(t, tc.table)
			kept, got := conform(t, table, tc.origin, tc.opts, []raw{{line: 7, vals: tc.vals}})
			diff(t, "rejections", got, tc.want)
			if !tc.kept {
				if len(kept) != 0 {
					t.Errorf("rejected row also kept: %v", kept)
				}
				return
			}
			if len(kept) != 1 {
				t.Fatalf("row with bad values not kept: %v", kept)
			}
			for _, r := range tc.want {
				if v, ok := kept[0][r.Column]; ok {
					t.Errorf("bad value of %s kept as %v", r.Column, v)
				}
			}
		})
	}
}

func mustDefaultMappings(t *testing.T) config.CodeMappings {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Mappings
}

// TestConformKeepsGoodRows mixes good and bad rows in one batch: every good
// row comes out, typed, with its line; every bad one is quarantined.
func TestConformKeepsGoodRows(t *testing.T) {
	table := lookup(t, "person")
	rows := []raw{
		{line: 2, vals: map[string]string{"person_id": "A", "sex": "f", "gender": " Female ", "ethnicity": "wbri", "dob": "2012-03-04"}},
		{line: 3, vals: map[string]string{"person_id": "B", "dob": "31/02/2019"}},
		{line: 4, vals: map[string]string{"person_id": "C", "dob": "05/06/2015", "death_date": "2020-01-02 00:00:00.000"}},
		{line: 5, vals: map[string]string{"person_id": "D", "sex": "", "dob": "2016-07-08"}},
		{line: 6, vals: map[string]string{"person_id": "", "dob": "2016-07-08"}},
		{line: 8, vals: map[string]string{"person_id": "E", "sex": "M", "dob": "2001-01-01T00:00:00Z"}},
	}
	kept, rejected := conform(t, table, "ssd_person.csv", Options{}, rows)
	want := []typed{
		{"_line": int64(2), "person_id": pseudonym(t, canonical.PersonID, "A"), "sex": "F", "gender": "Female", "ethnicity": "WBRI", "dob": "2012-03-04"},
		{"_line": int64(4), "person_id": pseudonym(t, canonical.PersonID, "C"), "dob": "2015-06-05", "death_date": "2020-01-02"},
		{"_line": int64(5), "person_id": pseudonym(t, canonical.PersonID, "D"), "dob": "2016-07-08"},
		{"_line": int64(8), "person_id": pseudonym(t, canonical.PersonID, "E"), "sex": "M", "dob": "2001-01-01"},
	}
	diff(t, "kept rows", kept, want)
	var got []int64
	for _, r := range rejected {
		got = append(got, r.Line)
	}
	diff(t, "rejected lines", got, []int64{3, 6})
}

// TestConformValues checks how each kind of value is read.
func TestConformValues(t *testing.T) {
	mappings := mustDefaultMappings(t)
	tests := []struct {
		name   string
		table  string
		opts   Options
		column string
		in     []string // one row each
		want   any      // the value every row must come out with
	}{
		{name: "ISO date", table: "person", column: "dob",
			in: []string{"2019-04-01", "2019-04-01 00:00:00.000", "2019-04-01T13:45:00Z", "2019-04-01T00:00:00.000+01:00", "2019-04-01 23:59:59"}, want: "2019-04-01"},
		{name: "UK date", table: "person", column: "dob",
			in: []string{"01/04/2019", "01/04/2019 13:45", "01/04/2019 13:45:59", " 01/04/2019 "}, want: "2019-04-01"},
		{name: "leap day", table: "person", column: "dob", in: []string{"29/02/2020", "2020-02-29"}, want: "2020-02-29"},
		{name: "first day allowed", table: "person", column: "dob", in: []string{"1900-01-01"}, want: "1900-01-01"},
		{name: "last day allowed", table: "cla_care_plans", column: "end_date", in: []string{"30/06/2030"}, want: "2030-06-30"},
		{name: "true", table: "cla_visits", column: "seen", in: []string{"Y", "y", "Yes", "YES", "true", "True", "T", "1"}, want: true},
		{name: "false", table: "cla_visits", column: "seen", in: []string{"N", "n", "No", "no", "false", "FALSE", "f", "0"}, want: false},
		{name: "number", table: "professionals", column: "fte", in: []string{"0.5", " 0.50 ", ".5", "5e-1"}, want: 0.5},
		{name: "code in the list's case", table: "person", column: "ethnicity", in: []string{"WBRI", "wbri", "Wbri"}, want: "WBRI"},
		{name: "lower-case local code", table: "cla_health", column: "check_type", in: []string{"dental", "DENTAL", "Dental"}, want: "dental"},
		{name: "description mapped to a code", table: "cla_episodes", column: "start_reason", opts: Options{Mapper: mappings},
			in: []string{"Started to be looked after", "  started TO be   looked AFTER ", "S", "s"}, want: "S"},
		{name: "description mapped to a lower-case code", table: "cla_health", column: "check_type", opts: Options{Mapper: mappings},
			in: []string{"Dental Check", "dental   check"}, want: "dental"},
		{name: "care-plan JSON", table: "cla_care_plans", column: "plan_codes",
			in:   []string{`{"ADOPTION":"Y","RETURN6M":"Y","REMAINSUP":"N"}`, `{"RETURN6M":"Yes","ADOPTION":true,"LTFOST18":0,"SUPPLIV":null,"OTHERPLN":"n","RESPLMT":false}`, `{"RETURN6M":1,"ADOPTION":"true"}`},
			want: []string{"ADOPTION", "RETURN6M"}},
		{name: "care-plan JSON keys in any case", table: "cla_care_plans", column: "plan_codes",
			in: []string{`{"adoption":"y"}`, `{"Adoption":"Y"}`}, want: []string{"ADOPTION"}},
		{name: "care-plan list", table: "cla_care_plans", column: "plan_codes",
			in: []string{"RETURN6M,ADOPTION", "return6m; adoption", "RETURN6M|ADOPTION|"}, want: []string{"ADOPTION", "RETURN6M"}},
		{name: "care-plan JSON with no plan", table: "cla_care_plans", column: "plan_codes",
			in: []string{`{}`, `{"ADOPTION":"N","REMAINSUP":false}`}, want: []string{}},
	}
	base := map[string]map[string]string{
		"person":         {"person_id": "P", "dob": "2010-01-01"},
		"cla_visits":     {"visit_id": "V", "visit_date": "2024-01-01"},
		"professionals":  {"professional_id": "W"},
		"cla_health":     {"health_check_id": "H", "person_id": "P", "check_type": "dental", "check_date": "2024-01-01"},
		"cla_episodes":   {"episode_id": "E", "person_id": "P", "episode_start_date": "2024-01-01", "start_reason": "S"},
		"cla_care_plans": {"care_plan_id": "C", "person_id": "P", "start_date": "2024-01-01"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			table := lookup(t, tc.table)
			var rows []raw
			for i, v := range tc.in {
				vals := map[string]string{}
				for k, b := range base[tc.table] {
					vals[k] = b
				}
				vals[table.Key] += strconv.Itoa(i) // distinct keys
				if _, ok := vals["person_id"]; ok && table.Key != "person_id" {
					vals["person_id"] += strconv.Itoa(i) // distinct records
				}
				vals[tc.column] = v
				rows = append(rows, raw{line: int64(i + 2), vals: vals})
			}
			kept, rejected := conform(t, table, "x.csv", tc.opts, rows)
			if len(rejected) != 0 {
				t.Fatalf("rejected: %s", show(rejected))
			}
			if len(kept) != len(tc.in) {
				t.Fatalf("kept %d rows, want %d", len(kept), len(tc.in))
			}
			for i, row := range kept {
				diff(t, "value of "+tc.in[i], row[tc.column], tc.want)
			}
		})
	}
}

// TestConformKinds runs every kind, including Int, which no canonical
// table uses yet, through a table made for the test.
func TestConformKinds(t *testing.T) {
	table := &canonical.Table{
		Name: "kinds", Key: "id",
		Columns: []canonical.Column{
			{Name: "id", Kind: canonical.Text, Required: true},
			{Name: "n", Kind: canonical.Int},
			{Name: "f", Kind: canonical.Float},
			{Name: "b", Kind: canonical.Bool},
			{Name: "d", Kind: canonical.Date},
			{Name: "c", Kind: canonical.Code, Codes: "PN"},
			{Name: "l", Kind: canonical.CodeList, Codes: "CARE_PLAN"},
		},
	}
	rows := []raw{
		{line: 1, vals: map[string]string{"id": "a", "n": "-42", "f": "1.25", "b": "yes", "d": "2020-02-29", "c": "pn3", "l": "ADOPTION"}},
		{line: 2, vals: map[string]string{"id": "b"}},
		{line: 3, vals: map[string]string{"id": "c", "n": "4.5"}},
		{line: 4, vals: map[string]string{"id": "d", "n": "", "f": " ", "b": "", "d": "", "c": "", "l": ""}},
	}
	kept, rejected := conform(t, table, "t", Options{}, rows)
	diff(t, "kept", kept, []typed{
		{"_line": int64(1), "id": "a", "n": int64(-42), "f": 1.25, "b": true, "d": "2020-02-29", "c": "PN3", "l": []string{"ADOPTION"}},
		{"_line": int64(2), "id": "b"},
		{"_line": int64(3), "id": "c"},
		{"_line": int64(4), "id": "d"},
	})
	diff(t, "rejected", rejected, []canonical.Rejection{{Table: "kinds", Source: "t", Line: 3, Key: "c", Rule: canonical.RuleBadValue,
		Column: "n", Value: "4.5", Message: `t line 3, column n: "4.5" is not a whole number; the row is kept with n empty`}})
}

// TestConformDuplicateKey keeps the first row with a key and rejects later
// ones, in the same or a later batch, naming the first row's line. A row
// rejected for another rule does not claim its key.
func TestConformDuplicateKey(t *testing.T) {
	table := lookup(t, "cla_visits")
	batch1 := []raw{
		{line: 2, vals: map[string]string{"visit_id": "K1", "visit_date": "2024-01-01"}},
		{line: 3, vals: map[string]string{"visit_id": "K2", "visit_date": "2024-01-02"}},
		{line: 4, vals: map[string]string{"visit_id": "K1", "visit_date": "2024-01-03"}},
		{line: 5, vals: map[string]string{"visit_id": "K4", "visit_date": "not a date"}},
	}
	batch2 := []raw{
		{line: 10, vals: map[string]string{"visit_id": "K1", "visit_date": "2024-01-04"}},
		{line: 11, vals: map[string]string{"visit_id": " K2 ", "visit_date": "2024-01-05"}},
		{line: 12, vals: map[string]string{"visit_id": "K3", "visit_date": "2024-01-06"}},
		{line: 13, vals: map[string]string{"visit_id": "K4", "visit_date": "2024-01-07"}},
		{line: 14, vals: map[string]string{"visit_id": "k1", "visit_date": "2024-01-08"}},
	}
	kept, rejected := conform(t, table, "ssd_cla_visits.csv", Options{}, batch1, batch2)
	diff(t, "kept", kept, []typed{
		{"_line": int64(2), "visit_id": "K1", "visit_date": "2024-01-01"},
		{"_line": int64(3), "visit_id": "K2", "visit_date": "2024-01-02"},
		{"_line": int64(12), "visit_id": "K3", "visit_date": "2024-01-06"},
		{"_line": int64(13), "visit_id": "K4", "visit_date": "2024-01-07"},
		{"_line": int64(14), "visit_id": "k1", "visit_date": "2024-01-08"},
	})
	dup := func(line int64, key string, first int64) canonical.Rejection {
		return canonical.Rejection{Table: "cla_visits", Source: "ssd_cla_visits.csv", Line: line, Key: key,
			Rule: canonical.RuleDuplicateKey, Column: "visit_id", Value: key,
			Message: "ssd_cla_visits.csv line " + strconv.FormatInt(line, 10) + ", column clav_cla_visit_id: key already used at line " + strconv.FormatInt(first, 10)}
	}
	diff(t, "rejected", rejected, []canonical.Rejection{
		dup(4, "K1", 2),
		{Table: "cla_visits", Source: "ssd_cla_visits.csv", Line: 5, Key: "K4", Rule: canonical.RuleBadType, Column: "visit_date",
			Value: "not a date", Message: `ssd_cla_visits.csv line 5, column clav_cla_visit_date: "not a date" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)`},
		dup(10, "K1", 2),
		dup(11, "K2", 3),
	})
}

// TestConformEmptyBatch returns an empty batch of the typed schema.
func TestConformEmptyBatch(t *testing.T) {
	table := lookup(t, "person")
	kept, rejected := conform(t, table, "ssd_person.csv", Options{}, nil, []raw{})
	if len(kept) != 0 || len(rejected) != 0 {
		t.Fatalf("kept %v, rejected %v", kept, rejected)
	}
}

// TestConformAllRejected returns an empty batch when no row is good.
func TestConformAllRejected(t *testing.T) {
	table := lookup(t, "person")
	kept, rejected := conform(t, table, "ssd_person.csv", Options{}, []raw{
		{line: 2, vals: map[string]string{"person_id": "A"}},
		{line: 3, vals: map[string]string{"dob": "2010-01-01"}},
	})
	if len(kept) != 0 || len(rejected) != 2 {
		t.Fatalf("kept %v, rejected %s", kept, show(rejected))
	}
}

// TestConformPlacementCodeYears accepts each year's own placement codes.
func TestConformPlacementCodeYears(t *testing.T) {
	table := lookup(t, "cla_placements")
	tests := []struct {
		start, code string
		ok          bool
	}{
		{"2024-05-01", "P2", true},
		{"2025-03-31", "P2", true},
		{"2025-04-01", "P2", false},
		{"2025-05-01", "P2", false},
		{"2024-05-01", "H5", true},
		{"2025-05-01", "H5", false},
		{"2024-05-01", "Z1", true},
		{"2025-05-01", "Z1", false},
		{"2025-05-01", "K3", true},
		{"2025-04-01", "K3", true},
		{"2025-03-31", "K3", false},
		{"2024-05-01", "K3", false},
		{"2025-05-01", "Z11", true},
		{"2024-05-01", "Z14", false},
		{"2020-01-01", "U1", true},
		{"2026-01-01", "U1", true},
	}
	for _, tc := range tests {
		t.Run(tc.code+" from "+tc.start, func(t *testing.T) {
			kept, rejected := conform(t, table, "ssd_cla_placement.csv", Options{}, []raw{{line: 2, vals: map[string]string{
				"placement_id": "PL", "start_date": tc.start, "placement_type": tc.code}}})
			if tc.ok {
				if len(rejected) != 0 || len(kept) != 1 || kept[0]["placement_type"] != tc.code {
					t.Errorf("want kept as %s; kept %v, rejected %s", tc.code, kept, show(rejected))
				}
				return
			}
			if len(kept) != 0 || len(rejected) != 1 || rejected[0].Rule != canonical.RuleCodeYear {
				t.Errorf("want rejected as %s; kept %v, rejected %s", canonical.RuleCodeYear, kept, show(rejected))
			}
		})
	}
}

// TestConformLeavesBuildersUsable conforms many batches with one
// Conformer, so builder reuse cannot mix rows of different batches.
func TestConformLeavesBuildersUsable(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	table := lookup(t, "cla_care_plans")
	c := NewConformer(mem, table, defaults(t, table, Options{}))
	defer c.Release()
	q := &quarantine{}
	for b := 0; b < 3; b++ {
		in := rawBatch(mem, table, []raw{
			{line: int64(10*b + 1), vals: map[string]string{"care_plan_id": "C" + strconv.Itoa(10*b+1), "person_id": "P" + strconv.Itoa(10*b+1), "start_date": "2024-01-01", "plan_codes": "ADOPTION"}},
			{line: int64(10*b + 2), vals: map[string]string{"care_plan_id": "C" + strconv.Itoa(10*b+2), "person_id": "P" + strconv.Itoa(10*b+2), "start_date": "2024-01-01"}},
		})
		out, err := c.Conform(in, "f", q)
		in.Release()
		if err != nil {
			t.Fatal(err)
		}
		got := rowsOf(t, table, out)
		out.Release()
		diff(t, "lines of batch "+strconv.Itoa(b), lines(got), []int64{int64(10*b + 1), int64(10*b + 2)})
		diff(t, "plan codes of batch "+strconv.Itoa(b), got[0]["plan_codes"], any([]string{"ADOPTION"}))
		if _, ok := got[1]["plan_codes"]; ok {
			t.Errorf("batch %d: null plan codes came out as %v", b, got[1]["plan_codes"])
		}
	}
	if len(q.got) != 0 {
		t.Errorf("rejected: %s", show(q.got))
	}
}

// failingQuarantine refuses every rejection.
type failingQuarantine struct{}

func (failingQuarantine) Reject(canonical.Rejection) error { return errors.New("disk full") }

// TestConformQuarantineError stops at a rejection the quarantine cannot
// take, naming the source and line.
func TestConformQuarantineError(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	table := lookup(t, "person")
	c := NewConformer(mem, table, defaults(t, table, Options{}))
	defer c.Release()
	in := rawBatch(mem, table, []raw{{line: 9, vals: map[string]string{"person_id": "A"}}})
	defer in.Release()
	out, err := c.Conform(in, "ssd_person.csv", failingQuarantine{})
	if out != nil {
		out.Release()
		t.Errorf("got a batch as well as an error")
	}
	if err == nil || !strings.Contains(err.Error(), "ssd_person.csv line 9") || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want it to name ssd_person.csv line 9 and the cause", err)
	}
}

// TestConformMalformedPlanJSON: care-plan JSON that does not parse is a
// value that "does not parse as its column's type" (rejection.go), so
// bad_type, not unknown_code, which is for codes that parse but are not in
// the list.
func TestConformMalformedPlanJSON(t *testing.T) {
	table := lookup(t, "cla_care_plans")
	_, rejected := conform(t, table, "ssd_cla_care_plan.csv", Options{}, []raw{{line: 4, vals: map[string]string{
		"care_plan_id": "CP1", "person_id": "P1", "start_date": "2024-01-01", "plan_codes": `{"ADOPTION":"Y"`}}})
	if len(rejected) != 1 || rejected[0].Rule != canonical.RuleBadValue || rejected[0].Column != "plan_codes" ||
		!strings.Contains(rejected[0].Message, "is not valid JSON") {
		t.Fatalf("rejected %s, want one %s of plan_codes saying it is not valid JSON", show(rejected), canonical.RuleBadValue)
	}
	// Where the row is rejected whole, the value's own rule stays.
	required := &canonical.Table{Name: "plans", Key: "id", Columns: []canonical.Column{
		{Name: "id", Kind: canonical.Text, Required: true},
		{Name: "plan_codes", Kind: canonical.CodeList, Codes: "CARE_PLAN", Required: true},
	}}
	_, rejected = conform(t, required, "plans.csv", Options{}, []raw{{line: 4, vals: map[string]string{"id": "CP1", "plan_codes": `{"ADOPTION":"Y"`}}})
	if len(rejected) != 1 || rejected[0].Rule != canonical.RuleBadType {
		t.Fatalf("rejected %s, want one %s of plan_codes", show(rejected), canonical.RuleBadType)
	}
}

// TestConformMappedCodeSpelling: config accepts a mapping to a code in any
// case (validate.go checks it with canonical.HasCode), so the code a
// description maps to must come out as the list spells it, like a code
// read directly does.
func TestConformMappedCodeSpelling(t *testing.T) {
	mappings := config.CodeMappings{"REC": {"went home": "e4a"}}
	table := lookup(t, "cla_episodes")
	kept, rejected := conform(t, table, "ssd_cla_episodes.csv", Options{Mapper: mappings}, []raw{{line: 2, vals: map[string]string{
		"episode_id": "E1", "person_id": "P1", "episode_start_date": "2024-01-01", "start_reason": "S",
		"episode_end_date": "2024-02-01", "end_reason": "Went home"}}})
	if len(rejected) != 0 || len(kept) != 1 || kept[0]["end_reason"] != "E4A" {
		t.Errorf("kept %v, rejected %s; want end_reason E4A", kept, show(rejected))
	}
}

// TestConformAccountsForEveryRow: over many batches of mixed rows, each
// input line comes out exactly once: kept unchanged, kept with a bad value
// emptied (fixed: kept, and in the quarantine as bad_value only), or
// quarantined whole, never kept; and the Conformer's counts agree.
func TestConformAccountsForEveryRow(t *testing.T) {
	table := lookup(t, "cla_placements")
	const kept, fixed, quarantined = "kept", "fixed", "quarantined"
	bad := []struct {
		vals    map[string]string
		outcome string
	}{
		{map[string]string{"placement_id": "X", "start_date": "2024-13-01", "placement_type": "U1"}, quarantined},                                       // bad_type, required
		{map[string]string{"placement_id": "X", "start_date": "2024-01-01", "placement_type": "U9"}, quarantined},                                       // unknown_code, required
		{map[string]string{"placement_id": "X", "start_date": "2025-06-01", "placement_type": "Z1"}, quarantined},                                       // code_not_in_year, required
		{map[string]string{"placement_id": "X", "start_date": "2024-01-02", "end_date": "2024-01-01", "placement_type": "U1"}, fixed},                   // date_order, optional
		{map[string]string{"placement_id": "X", "placement_type": "U1"}, quarantined},                                                                   // required
		{map[string]string{"placement_id": "X", "start_date": "1066-10-14", "placement_type": "U1"}, quarantined},                                       // date_range, required
		{map[string]string{"placement_id": "X", "start_date": "2024-01-01", "placement_type": "U1", "provider": "PR9", "change_reason": "WHIM"}, fixed}, // two bad values
		{map[string]string{"placement_id": "DUP", "start_date": "2024-01-01", "placement_type": "U1"}, quarantined},                                     // duplicate after the first
	}
	var batches [][]raw
	want := map[int64]string{}
	line := int64(1)
	dupSeen := false
	for b := 0; b < 5; b++ {
		var rows []raw
		for i := 0; i < 40; i++ {
			line++
			if i%3 == 0 {
				v := bad[(b*40+i)%len(bad)]
				vals := map[string]string{}
				for k, x := range v.vals {
					vals[k] = x
				}
				if vals["placement_id"] == "X" {
					vals["placement_id"] = "X" + strconv.FormatInt(line, 10)
				}
				want[line] = v.outcome
				if vals["placement_id"] == "DUP" && !dupSeen {
					dupSeen = true // the first is kept
					want[line] = kept
				}
				rows = append(rows, raw{line: line, vals: vals})
				continue
			}
			want[line] = kept
			rows = append(rows, raw{line: line, vals: map[string]string{
				"placement_id": "G" + strconv.FormatInt(line, 10), "start_date": "2024-01-01", "placement_type": "U1"}})
		}
		batches = append(batches, rows)
	}
	rows, rejected, counts := conformCounting(t, table, "f.csv", Options{}, batches...)
	got := map[int64]string{}
	for _, r := range rows {
		l := r["_line"].(int64)
		if got[l] != "" {
			t.Errorf("line %d kept twice", l)
		}
		got[l] = kept
	}
	for _, r := range rejected {
		switch {
		case r.Rule == canonical.RuleBadValue && (got[r.Line] == kept || got[r.Line] == fixed):
			got[r.Line] = fixed
		case r.Rule == canonical.RuleBadValue:
			t.Errorf("line %d: bad_value of a row not kept (%s)", r.Line, r.Message)
		case got[r.Line] == kept || got[r.Line] == fixed:
			t.Errorf("line %d kept and quarantined (%s)", r.Line, r.Rule)
		default:
			got[r.Line] = quarantined
		}
	}
	diff(t, "outcome of each line", got, want)
	var wantCounts Counts
	for _, o := range want {
		wantCounts.Read++
		switch o {
		case fixed:
			wantCounts.Fixed++
		case quarantined:
			wantCounts.Quarantined++
		}
	}
	diff(t, "counts", counts, wantCounts)
	if counts.Loaded() != int64(len(rows)) {
		t.Errorf("Loaded() = %d, %d rows came out", counts.Loaded(), len(rows))
	}
}

// TestConformCodeMemo: a value met again, in the same batch or a later one,
// comes out as it did the first time (a code, a spelling to fold, a mapped
// description, a care plan's JSON), and a bad value is quarantined every
// time, never remembered.
func TestConformCodeMemo(t *testing.T) {
	mappings := config.CodeMappings{"REC": {"went home": "E4A"}}
	episodes := lookup(t, "cla_episodes")
	var batches [][]raw
	line := int64(1)
	for range 2 {
		var rows []raw
		for _, end := range []string{"E4A", "e4a", "Went home", "NOPE", "E4A", "NOPE"} {
			line++
			rows = append(rows, raw{line: line, vals: map[string]string{
				"episode_id": "E" + strconv.FormatInt(line, 10), "person_id": "P1", "episode_start_date": "2024-01-01",
				"start_reason": "S", "episode_end_date": "2024-02-01", "end_reason": end}})
		}
		batches = append(batches, rows)
	}
	kept, rejected := conform(t, episodes, "e.csv", Options{Mapper: mappings}, batches...)
	// end_reason is optional: a NOPE row is kept with it empty.
	if len(kept) != 12 || len(rejected) != 4 {
		t.Fatalf("kept %d, rejected %d; want 12 and 4", len(kept), len(rejected))
	}
	bad := map[int64]bool{}
	for _, r := range rejected {
		bad[r.Line] = true
		if r.Rule != canonical.RuleBadValue || r.Value != "NOPE" || !strings.Contains(r.Message, `"NOPE" is not a REC code`) {
			t.Errorf("line %d: rejected %s of %q (%s), want %s of NOPE", r.Line, r.Rule, r.Value, r.Message, canonical.RuleBadValue)
		}
	}
	for _, k := range kept {
		want := any("E4A")
		if bad[k["_line"].(int64)] {
			want = nil
		}
		if k["end_reason"] != want {
			t.Errorf("line %d: end_reason %v, want %v", k["_line"], k["end_reason"], want)
		}
	}

	plans := lookup(t, "cla_care_plans")
	var rows []raw
	for i, codes := range []string{`{"ADOPTION":"Y","RETURN1M":"N"}`, `{"ADOPTION":"Y","RETURN1M":"N"}`, `{"ADOPTION":"Y","BOGUS":"N"}`, `{"ADOPTION":"Y","BOGUS":"N"}`} {
		rows = append(rows, raw{line: int64(i + 2), vals: map[string]string{
			"care_plan_id": "CP" + strconv.Itoa(i), "person_id": "P" + strconv.Itoa(i), "start_date": "2024-01-01", "plan_codes": codes}})
	}
	kept, rejected = conform(t, plans, "p.csv", Options{}, rows)
	if len(kept) != 4 || len(rejected) != 2 || rejected[0].Line != 4 || rejected[1].Line != 5 {
		t.Fatalf("care plans: kept %d, rejected %s; want 4 kept and lines 4 and 5 with a bad value", len(kept), show(rejected))
	}
	for _, k := range kept[:2] {
		if got := fmt.Sprint(k["plan_codes"]); got != "[ADOPTION]" {
			t.Errorf("line %d: plan_codes %s, want [ADOPTION]", k["_line"], got)
		}
	}
}

func TestMemoIsBounded(t *testing.T) {
	m := memo[string]{}
	parse := func(_, value string, _ canonical.CodeMapper) (string, error) { return value, nil }
	for i := range memoSize + 100 {
		if got, err := m.of(strconv.Itoa(i), "L", nil, parse); err != nil || got != strconv.Itoa(i) {
			t.Fatalf("of(%d) = %q, %v", i, got, err)
		}
	}
	if len(m) != memoSize {
		t.Errorf("memo holds %d values, want %d", len(m), memoSize)
	}
}
