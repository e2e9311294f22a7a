package pipelines

import "testing"

// TestGoldenAudit checks the case audit mart and KPIs against values
// worked out by hand: testdata/golden/audit/README.md shows the working.
func TestGoldenAudit(t *testing.T) {
	const dir = "../testdata/golden/audit"
	db := goldenWarehouse(t, dir, "2024-06-30")
	ids := goldenIDs(t, []string{"A01", "A02"}, nil)
	checkGoldenCases(t, db, ids, dir, []goldenCase{
		{expected: "audit_quality.csv", query: `
			SELECT reporting_year, audits, overall_good_or_outstanding, overall_graded,
				iro_good_or_outstanding, iro_graded, impact_evident, impact_recorded
			FROM marts.audit_quality ORDER BY reporting_year`},
		{expected: "kpi_values.csv", query: `
			SELECT reporting_year, kpi_code, numerator, denominator
			FROM marts.kpi_values_audit ORDER BY reporting_year, kpi_code`},
		{expected: "kpi_definitions.csv", query: `
			SELECT kpi_code, area, better, default_target, sort_order
			FROM marts.kpi_definitions WHERE area = 'audit' ORDER BY sort_order`},
	})
}
