package pipelines

import "testing"

// TestGoldenChallenges checks the IRO challenge marts and KPIs against
// values worked out by hand: testdata/golden/challenges/README.md shows the
// working.
func TestGoldenChallenges(t *testing.T) {
	const dir = "../testdata/golden/challenges"
	db := goldenWarehouseFrom(t, dir, "2024-06-30", "2022-04-01") // the fixture's history begins then; earlier episodes are of children already in care
	ids := goldenIDs(t, numberedIDs("P", 13), nil)
	checkGoldenCases(t, db, ids, dir, []goldenCase{
		{expected: "iro_challenges.csv", bySet: true, query: `
			SELECT challenge_id, person_id AS person, reporting_year, raised_date, level, category, formal,
				resolved_date, outcome, working_days_to_resolution, due_date_20_wd, resolved_within_20_wd,
				resolved_informally, team_challenged
			FROM marts.iro_challenges`},
		{expected: "iro_challenges_summary.csv", query: `
			SELECT reporting_year, dimension, value, challenges, challenges_previous_year, closed_challenges,
				median_working_days_to_resolution, looked_after_children, challenges_per_100_looked_after
			FROM marts.iro_challenges_summary ORDER BY reporting_year, sort_order`},
		{expected: "kpi_values.csv", query: `
			SELECT reporting_year, kpi_code, numerator, denominator
			FROM marts.kpi_values_challenges ORDER BY reporting_year, kpi_code`},
		{expected: "kpi_definitions.csv", query: `
			SELECT kpi_code, area, better, default_target, sort_order
			FROM marts.kpi_definitions WHERE area = 'challenges' ORDER BY sort_order`},
	})
}
