package pipelines

import "testing"

// cpCaseloadGolden is the fixture the CP timeliness and IRO caseload goldens
// share: its README.md shows the hand working of every expected value.
const cpCaseloadGolden = "../testdata/golden/cp_caseload"

// The children (CP P01-P12, looked after L01-L13) and IROs of the shared
// fixture.
var (
	cpCaseloadPeople = append(numberedIDs("P", 12), numberedIDs("L", 13)...)
	cpCaseloadStaff  = []string{"S01", "S02", "S03", "S04", "S05", "S06"}
)

// TestGoldenCPTimeliness checks the child protection timeliness marts
// against values worked out by hand.
func TestGoldenCPTimeliness(t *testing.T) {
	db := goldenWarehouse(t, cpCaseloadGolden, "2024-06-30")
	ids := goldenIDs(t, cpCaseloadPeople, cpCaseloadStaff)
	checkGoldenCases(t, db, ids, cpCaseloadGolden, []goldenCase{
		{expected: "cp_initial_conference_timeliness.csv", bySet: true, query: `
			SELECT icpc_id, person_id AS person, transfer_in, strategy_discussion_date, due_date, conference_date,
				working_days_taken, on_time, reporting_year
			FROM marts.cp_initial_conference_timeliness`},
		{expected: "cp_review_timeliness.csv", bySet: true, query: `
			SELECT cp_review_id, person_id AS person, cp_plan_id, sequence_number, due_date, held_date, days_late,
				on_time, reporting_year
			FROM marts.cp_review_timeliness`},
		{expected: "cp_child_review_timeliness.csv", bySet: true, query: `
			SELECT reporting_year, person_id AS person, reviews_held, late_reviews, missed_reviews, all_on_time
			FROM marts.cp_child_review_timeliness`},
		{expected: "kpi_values_cp.csv", query: `
			SELECT reporting_year, kpi_code, numerator, denominator
			FROM marts.kpi_values_cp ORDER BY reporting_year, kpi_code`},
	})
}
