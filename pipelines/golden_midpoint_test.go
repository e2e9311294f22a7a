package pipelines

import "testing"

// TestGoldenMidpoint checks mid-point monitoring against values worked out
// by hand: testdata/golden/midpoint/README.md shows the working. Rows of
// several children are compared as sets: pseudonyms, not ids, decide the
// order.
func TestGoldenMidpoint(t *testing.T) {
	const dir = "../testdata/golden/midpoint"
	db := goldenWarehouse(t, dir, "2024-06-30")
	ids := goldenIDs(t, []string{"M01", "M02", "M03", "M04"}, []string{"W-IRO1", "W-IRO2", "W-IRO3"})
	checkGoldenCases(t, db, ids, dir, []goldenCase{
		{expected: "midpoint_monitoring.csv", bySet: true, query: `
			SELECT person_id AS person, interval_number, interval_start, interval_end, length_days, ended_by,
				reporting_year, excluded_short, midpoint_checks, has_midpoint_check, iro_id AS iro, team
			FROM marts.midpoint_monitoring
			ORDER BY interval_start, interval_number`},
		{expected: "midpoint_monitoring_by_team.csv", bySet: true, query: `
			SELECT reporting_year, team, monitored, intervals
			FROM marts.midpoint_monitoring_by_team ORDER BY reporting_year, team`},
		{expected: "kpi_values_midpoint.csv", bySet: true, query: `
			SELECT reporting_year, kpi_code, numerator, denominator
			FROM marts.kpi_values_midpoint ORDER BY reporting_year, kpi_code`},
	})
}
