package pipelines

import (
	"testing"

	"carewh/canonical"
)

// TestGoldenPermanence checks the permanence outcome, adoption timeliness
// and placement stability marts against values worked out by hand:
// testdata/golden/permanence/README.md shows the working. Rows come out in
// pseudonym order, so every file is compared as a set.
func TestGoldenPermanence(t *testing.T) {
	const dir = "../testdata/golden/permanence"
	db := goldenWarehouseFrom(t, dir, "2024-06-30", "2021-04-01") // the fixture's history begins then; earlier episodes are of children already in care
	ids := goldenIDs(t, []string{"P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10", "P11", "P12", "P13",
		"P14", "P15", "P16", "P17", "P18", "P20", "P21", "P22", "P23", "P24", "P25", "P26", "P27"}, nil)
	checkGoldenCases(t, db, ids, dir, []goldenCase{
		{expected: "permanence_outcomes.csv", bySet: true, query: `
			SELECT reporting_year, person_id AS person, period_start, period_end, age_at_end, end_reason, outcome,
				legal_permanence, permanence_incl_return_home, last_in_year
			FROM marts.permanence_outcomes`},
		{expected: "permanence_outcomes_summary.csv", bySet: true, query: `
			SELECT reporting_year, outcome, periods_ended, children, children_ceased
			FROM marts.permanence_outcomes_summary`},
		{expected: "adoption_timeliness.csv", bySet: true, query: `
			SELECT reporting_year, person_id AS person, period_start, adopted_date, end_reason, permanence_id,
				adopted_by_carer, a10_clock_stop, a1_days, a10_days, a2_days, a3_waited_less
			FROM marts.adoption_timeliness`},
		{expected: "adoption_scorecard.csv", bySet: true, query: `
			SELECT reporting_year, basis, window_start, window_end, children_adopted,
				a1_children, a1_total_days, round(a1_average_days, 2) AS a1_average_days,
				a10_children, a10_total_days, round(a10_average_days, 2) AS a10_average_days,
				a2_children, a2_total_days, round(a2_average_days, 2) AS a2_average_days,
				a3_children_within, a3_children
			FROM marts.adoption_scorecard`},
		{expected: "placement_episodes.csv", bySet: true, query: `
			SELECT episode_id, starts_placement, starts_carer, placement_number, placement_start_date, carer_start_date
			FROM core.placement_episodes
			WHERE person_id IN (` + pseudonymList(t, canonical.PersonID, "P13", "P20", "P22", "P23", "P25") + `)`},
		{expected: "placement_stability.csv", bySet: true, query: `
			SELECT reporting_year, as_at_date, person_id AS person, age_at_date, placements_in_year,
				placement_starts_in_year, three_or_more_placements, long_term_cohort, carer_since, same_carer_2_years
			FROM marts.placement_stability`},
		{expected: "kpi_values.csv", bySet: true, query: `
			SELECT reporting_year, kpi_code, numerator, denominator FROM marts.kpi_values_permanence
			UNION ALL SELECT reporting_year, kpi_code, numerator, denominator FROM marts.kpi_values_adoption
			UNION ALL SELECT reporting_year, kpi_code, numerator, denominator FROM marts.kpi_values_stability`},
		{expected: "quarantine.csv", bySet: true, query: `SELECT table_name, record_key, rule FROM ops.quarantine`},
	})
}
