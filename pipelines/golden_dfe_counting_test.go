package pipelines

import "testing"

// TestGoldenDfECounting checks the DfE SSDA903 counting conventions
// (docs/domain.md §3a) against values worked out by hand:
// testdata/golden/dfe_counting/README.md shows the working. V3/V4 days are
// not looked after; a period that begins under short breaks is not a start
// but ends as a ceasing; A1, A10 and A3 come from episodes alone; A2 and the
// initial health assessment KPI are not available from this source.
func TestGoldenDfECounting(t *testing.T) {
	const dir = "../testdata/golden/dfe_counting"
	db := goldenWarehouse(t, dir, "2024-06-30")
	ids := goldenIDs(t, []string{"D1", "D2", "D3", "D4", "D5", "D6", "D7"}, nil)
	checkGoldenCases(t, db, ids, dir, []goldenCase{
		{expected: "care_flows.csv", query: `
			SELECT reporting_year, as_at_date, periods_started, children_started, periods_ceased, children_ceased,
				looked_after_at_end
			FROM marts.care_flows WHERE reporting_year IN ('2022-23', '2023-24', '2024-25') ORDER BY reporting_year`},
		{expected: "looked_after.csv", bySet: true, query: `
			SELECT as_at_date, person_id AS person, care_start, looked_after_since, legal_status
			FROM core.looked_after_year_ends WHERE as_at_date >= DATE '2023-03-31'`},
		{expected: "permanence_outcomes.csv", bySet: true, query: `
			SELECT reporting_year, person_id AS person, period_end, end_reason, outcome FROM marts.permanence_outcomes`},
		{expected: "adoption_timeliness.csv", bySet: true, query: `
			SELECT reporting_year, person_id AS person, care_start, placed_for_adoption_date, placed_date_source,
				adopted_by_carer, a10_clock_stop, a1_days, a10_days, a2_days, a3_waited_less
			FROM marts.adoption_timeliness`},
		{expected: "health_cohort.csv", bySet: true, query: `
			SELECT reporting_year, person_id AS person, looked_after_since FROM marts.health_assessments`},
		{expected: "kpis.csv", query: `
			SELECT reporting_year, kpi_code, availability, availability_reason, value
			FROM marts.board_kpis
			WHERE reporting_year = '2023-24' AND kpi_code IN ('ADOPTION_A1_AVG_DAYS', 'ADOPTION_A10_AVG_DAYS',
				'ADOPTION_A2_AVG_DAYS', 'ADOPTION_A3_WITHIN_14_MONTHS', 'HEALTH_IHA_ON_TIME')
			ORDER BY kpi_code`},
	})
	checkLookedAfterAgrees(t, db)
}
