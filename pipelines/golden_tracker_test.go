package pipelines

import "testing"

// TestGoldenPermanenceTracker checks the tracker against rows worked out by
// hand: testdata/golden/permanence_tracker/README.md shows the working.
func TestGoldenPermanenceTracker(t *testing.T) {
	const dir = "../testdata/golden/permanence_tracker"
	db := goldenWarehouseFrom(t, dir, "2024-06-30", "2022-04-01") // the fixture's history begins then; earlier episodes are of children already in care
	ids := goldenIDs(t, numberedIDs("T", 9), nil)
	checkGoldenCases(t, db, ids, dir, []goldenCase{
		{expected: "permanence_tracker.csv", bySet: true, query: `
			SELECT person_id AS person, team, legal_status, placement_type, age, days_in_care, placements_last_12_months,
				array_to_string(permanence_plan, '+') AS plan, parallel_planning, plan_by_review_2, life_story_work,
				stability_meeting_since_move, previous_return_home_date, next_review_due, rag, rag_reason
			FROM marts.permanence_tracker`},
		// the rules each child meets, named as marts.permanence_tracker_rules
		// (the About sheet) names them: the README's reasons, one for one
		{expected: "rag_rules.csv", bySet: true, query: `
			SELECT person_id AS person, array_to_string(rag_rules, '+') AS rules, rag FROM marts.permanence_tracker`},
		{expected: "plan_kpi.csv", query: `
			SELECT reporting_year, numerator, denominator FROM marts.board_kpis
			WHERE kpi_code = 'PERMANENCE_PLAN_BY_REVIEW_2' ORDER BY reporting_year`},
	})
}
