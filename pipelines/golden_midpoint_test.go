package pipelines

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"carewh/canonical"
	"carewh/transforms"
)

// midpointStaff returns SQL for a relation staff(pseudonym, staff_id) that
// maps the fixture's staff pseudonyms back to their source ids.
func midpointStaff(t *testing.T, ids ...string) string {
	t.Helper()
	p, err := transforms.NewPseudonymiser([]byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]string, len(ids))
	for i, id := range ids {
		rows[i] = fmt.Sprintf("('%s', '%s')", p.Pseudonym(canonical.StaffID, id), id)
	}
	return "(VALUES " + strings.Join(rows, ", ") + ") AS staff(pseudonym, staff_id)"
}

// TestGoldenMidpoint checks mid-point monitoring against values worked out
// by hand: testdata/golden/midpoint/README.md shows the working.
func TestGoldenMidpoint(t *testing.T) {
	const dir = "../testdata/golden/midpoint"
	cfg := testConfig(t, dir+"/source", "2024-06-30")
	runPipeline(t, cfg)
	db, err := OpenWarehouse(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	people := pseudonymsOf(t, "M01", "M02", "M03", "M04")
	staff := midpointStaff(t, "W-IRO1", "W-IRO2", "W-IRO3")
	cases := []struct{ expected, query string }{
		{"midpoint_monitoring.csv", `
			SELECT person_id AS person, interval_number, interval_start, interval_end, length_days, ended_by,
				reporting_year, excluded_short, midpoint_checks, has_midpoint_check, staff.staff_id AS iro, team
			FROM marts.midpoint_monitoring m LEFT JOIN ` + staff + ` ON staff.pseudonym = m.iro_id
			ORDER BY interval_start, interval_number`},
		{"midpoint_monitoring_by_team.csv", `
			SELECT reporting_year, team, monitored, intervals
			FROM marts.midpoint_monitoring_by_team ORDER BY reporting_year, team`},
		{"kpi_values_midpoint.csv", `
			SELECT reporting_year, kpi_code, numerator, denominator
			FROM marts.kpi_values_midpoint ORDER BY reporting_year, kpi_code`},
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.expected, ".csv"), func(t *testing.T) {
			want := readCSV(t, filepath.Join(dir, "expected", c.expected))
			got := queryCSV(t, db, people, c.query)
			// Rows of several children are compared as sets: pseudonyms, not ids, decide the order.
			sortRecords(got[1:])
			sortRecords(want[1:])
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s differs (-want +got):\n%s", c.expected, diff)
			}
		})
	}
}
