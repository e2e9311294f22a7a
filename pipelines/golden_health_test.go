package pipelines

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGoldenHealth checks the health and education (PEP) marts against
// values worked out by hand: testdata/golden/health/README.md shows the
// working.
func TestGoldenHealth(t *testing.T) {
	const dir = "../testdata/golden/health"
	cfg := testConfig(t, dir+"/source", "2024-06-30")
	runPipeline(t, cfg)
	db, err := OpenWarehouse(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids := make([]string, 14)
	for i := range ids {
		ids[i] = fmt.Sprintf("H%02d", i+1)
	}
	people := pseudonymsOf(t, ids...)
	cases := []struct{ expected, query string }{
		{"health_assessments.csv", `
			SELECT reporting_year, cohort_date, person_id AS person, age, last_assessment_date, last_assessment_type,
				age_at_last_assessment, frequency_months, next_assessment_due, assessment_in_date,
				last_dental_check_date, dental_check_in_year
			FROM marts.health_assessments`},
		{"health_initial_assessments.csv", `
			SELECT person_id AS person, reporting_year, period_start, period_end, due_date, assessment_date,
				working_days_taken, status, in_measure
			FROM marts.health_initial_assessments`},
		{"pep_initiation.csv", `
			SELECT person_id AS person, reporting_year, period_start, age_at_start, due_date, pep_date,
				working_days_taken, status, in_measure
			FROM marts.pep_initiation`},
		{"pep_reviews.csv", `
			SELECT as_at_date, person_id AS person, age, term_start, term_label, last_pep_review_date,
				pep_review_this_term, initial_pep_this_term
			FROM marts.pep_reviews`},
		{"school_terms.csv", `
			SELECT term_start, term_end, school_year, term_number, term_label
			FROM core.school_terms WHERE term_start BETWEEN DATE '2022-09-01' AND DATE '2024-08-31'`},
		{"kpi_values_health.csv", `
			SELECT reporting_year, kpi_code, numerator, denominator FROM marts.kpi_values_health`},
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.expected, ".csv"), func(t *testing.T) {
			want := readCSV(t, filepath.Join(dir, "expected", c.expected))
			got := queryCSV(t, db, people, c.query)
			// Compared as sets: pseudonyms, not ids, would decide an ORDER BY.
			sortRecords(got[1:])
			sortRecords(want[1:])
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s differs (-want +got):\n%s", c.expected, diff)
			}
		})
	}
}
