package pipelines

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGoldenChallenges checks the IRO challenge marts and KPIs against
// values worked out by hand: testdata/golden/challenges/README.md shows the
// working.
func TestGoldenChallenges(t *testing.T) {
	const dir = "../testdata/golden/challenges"
	cfg := testConfig(t, dir+"/source", "2024-06-30")
	runPipeline(t, cfg)
	db, err := OpenWarehouse(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids := make([]string, 13)
	for i := range ids {
		ids[i] = fmt.Sprintf("P%02d", i+1)
	}
	people := pseudonymsOf(t, ids...)
	cases := []struct{ expected, query string }{
		{"iro_challenges.csv", `
			SELECT challenge_id, person_id AS person, reporting_year, raised_date, level, category, formal,
				resolved_date, outcome, working_days_to_resolution, due_date_20_wd, resolved_within_20_wd,
				resolved_informally, team_challenged
			FROM marts.iro_challenges ORDER BY challenge_id`},
		{"iro_challenges_summary.csv", `
			SELECT reporting_year, dimension, value, challenges, challenges_previous_year, closed_challenges,
				median_working_days_to_resolution, looked_after_children, challenges_per_100_looked_after
			FROM marts.iro_challenges_summary ORDER BY reporting_year, sort_order`},
		{"kpi_values.csv", `
			SELECT reporting_year, kpi_code, numerator, denominator
			FROM marts.kpi_values_challenges ORDER BY reporting_year, kpi_code`},
		{"kpi_definitions.csv", `
			SELECT kpi_code, area, better, default_target, sort_order
			FROM marts.kpi_definitions WHERE area = 'challenges' ORDER BY sort_order`},
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
