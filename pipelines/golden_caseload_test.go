package pipelines

import "testing"

// TestGoldenCaseload checks the IRO caseload marts against values worked
// out by hand from the fixture shared with TestGoldenCPTimeliness.
func TestGoldenCaseload(t *testing.T) {
	db := goldenWarehouse(t, cpCaseloadGolden, "2024-06-30")
	ids := goldenIDs(t, cpCaseloadPeople, cpCaseloadStaff)
	checkGoldenCases(t, db, ids, cpCaseloadGolden, []goldenCase{
		{expected: "iro_caseload.csv", bySet: true, query: `
			SELECT as_at_date, iro_id AS iro, fte, active, lac_allocated, cp_allocated, other_allocated,
				lac_per_fte, cp_per_fte, above_caseload_max
			FROM marts.iro_caseload`},
		{expected: "iro_caseload_service.csv", query: `
			FROM marts.iro_caseload_service ORDER BY as_at_date`},
		{expected: "kpi_values_caseload.csv", query: `
			SELECT reporting_year, kpi_code, numerator, denominator
			FROM marts.kpi_values_caseload ORDER BY reporting_year, kpi_code`},
	})
}
