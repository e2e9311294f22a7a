package pipelines

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGoldenAudit checks the case audit mart and KPIs against values
// worked out by hand: testdata/golden/audit/README.md shows the working.
func TestGoldenAudit(t *testing.T) {
	const dir = "../testdata/golden/audit"
	cfg := testConfig(t, dir+"/source", "2024-06-30")
	runPipeline(t, cfg)
	db, err := OpenWarehouse(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	people := pseudonymsOf(t, "A01", "A02")
	cases := []struct{ expected, query string }{
		{"audit_quality.csv", `
			SELECT reporting_year, audits, overall_good_or_outstanding, overall_graded,
				iro_good_or_outstanding, iro_graded, impact_evident, impact_recorded
			FROM marts.audit_quality ORDER BY reporting_year`},
		{"kpi_values.csv", `
			SELECT reporting_year, kpi_code, numerator, denominator
			FROM marts.kpi_values_audit ORDER BY reporting_year, kpi_code`},
		{"kpi_definitions.csv", `
			SELECT kpi_code, area, better, default_target, sort_order
			FROM marts.kpi_definitions WHERE area = 'audit' ORDER BY sort_order`},
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.expected, ".csv"), func(t *testing.T) {
			want := readCSV(t, filepath.Join(dir, "expected", c.expected))
			got := queryCSV(t, db, people, c.query)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s differs (-want +got):\n%s", c.expected, diff)
			}
		})
	}
}
