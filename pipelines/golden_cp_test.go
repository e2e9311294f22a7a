package pipelines

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"carewh/canonical"
	"carewh/transforms"
)

// cpCaseloadGolden is the fixture the CP timeliness and IRO caseload goldens
// share: its README.md shows the hand working of every expected value.
const cpCaseloadGolden = "../testdata/golden/cp_caseload"

// cpGoldenCase is one expected file and the query that must reproduce it.
type cpGoldenCase struct {
	expected, query string
	bySet           bool // rows are ordered by pseudonym: compare as sets
}

// checkCPCaseloadGolden runs each case's query against the warehouse built
// from the shared fixture and compares it with the expected file. Columns
// named "person" and "iro" are translated back to the fixture's ids.
func checkCPCaseloadGolden(t *testing.T, db *sql.DB, cases []cpGoldenCase) {
	t.Helper()
	var children []string
	for i := 1; i <= 12; i++ {
		children = append(children, fmt.Sprintf("P%02d", i))
	}
	for i := 1; i <= 13; i++ {
		children = append(children, fmt.Sprintf("L%02d", i))
	}
	people := pseudonymsOf(t, children...)
	staff := cpStaffPseudonyms(t, "S01", "S02", "S03", "S04", "S05", "S06")
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.expected, ".csv"), func(t *testing.T) {
			want := readCSV(t, filepath.Join(cpCaseloadGolden, "expected", c.expected))
			got := queryCSV(t, db, people, c.query)
			if col := slices.Index(got[0], "iro"); col >= 0 {
				for _, rec := range got[1:] {
					id, ok := staff[rec[col]]
					if !ok {
						t.Fatalf("unknown staff pseudonym %q", rec[col])
					}
					rec[col] = id
				}
			}
			if c.bySet {
				sortRecords(got[1:])
				sortRecords(want[1:])
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s differs (-want +got):\n%s", c.expected, diff)
			}
		})
	}
}

// cpStaffPseudonyms maps each staff pseudonym back to the source id.
func cpStaffPseudonyms(t *testing.T, ids ...string) map[string]string {
	t.Helper()
	p, err := transforms.NewPseudonymiser([]byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		out[p.Pseudonym(canonical.StaffID, id)] = id
	}
	return out
}

// TestGoldenCPTimeliness checks the child protection timeliness marts
// against values worked out by hand.
func TestGoldenCPTimeliness(t *testing.T) {
	cfg := testConfig(t, cpCaseloadGolden+"/source", "2024-06-30")
	runPipeline(t, cfg)
	db, err := OpenWarehouse(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkCPCaseloadGolden(t, db, []cpGoldenCase{
		{expected: "cp_initial_conference_timeliness.csv", query: `
			SELECT icpc_id, person_id AS person, transfer_in, strategy_discussion_date, due_date, conference_date,
				working_days_taken, on_time, reporting_year
			FROM marts.cp_initial_conference_timeliness ORDER BY icpc_id`},
		{expected: "cp_review_timeliness.csv", query: `
			SELECT cp_review_id, person_id AS person, cp_plan_id, sequence_number, due_date, held_date, days_late,
				on_time, reporting_year
			FROM marts.cp_review_timeliness ORDER BY cp_review_id`},
		{expected: "cp_child_review_timeliness.csv", bySet: true, query: `
			SELECT reporting_year, person_id AS person, reviews_held, late_reviews, missed_reviews, all_on_time
			FROM marts.cp_child_review_timeliness`},
		{expected: "kpi_values_cp.csv", query: `
			SELECT reporting_year, kpi_code, numerator, denominator
			FROM marts.kpi_values_cp ORDER BY reporting_year, kpi_code`},
	})
}
