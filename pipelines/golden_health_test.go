package pipelines

import "testing"

// TestGoldenHealth checks the health and education (PEP) marts against
// values worked out by hand: testdata/golden/health/README.md shows the
// working. Every file is compared as a set: pseudonyms, not ids, would
// decide an ORDER BY.
func TestGoldenHealth(t *testing.T) {
	const dir = "../testdata/golden/health"
	db := goldenWarehouseFrom(t, dir, "2024-06-30", "2022-04-01") // the fixture's history begins then; earlier episodes are of children already in care
	ids := goldenIDs(t, numberedIDs("H", 14), nil)
	checkGoldenCases(t, db, ids, dir, []goldenCase{
		{expected: "health_assessments.csv", bySet: true, query: `
			SELECT reporting_year, cohort_date, person_id AS person, age, last_assessment_date, last_assessment_type,
				age_at_last_assessment, frequency_months, next_assessment_due, assessment_in_date,
				last_dental_check_date, dental_check_in_year
			FROM marts.health_assessments`},
		{expected: "health_initial_assessments.csv", bySet: true, query: `
			SELECT person_id AS person, reporting_year, period_start, period_end, due_date, assessment_date,
				working_days_taken, status, in_measure
			FROM marts.health_initial_assessments`},
		{expected: "pep_initiation.csv", bySet: true, query: `
			SELECT person_id AS person, reporting_year, period_start, age_at_start, due_date, pep_date,
				working_days_taken, status, in_measure
			FROM marts.pep_initiation`},
		{expected: "pep_reviews.csv", bySet: true, query: `
			SELECT as_at_date, person_id AS person, age, term_start, term_label, last_pep_review_date,
				pep_review_this_term, initial_pep_this_term
			FROM marts.pep_reviews`},
		{expected: "school_terms.csv", bySet: true, query: `
			SELECT term_start, term_end, school_year, term_number, term_label
			FROM core.school_terms WHERE term_start BETWEEN DATE '2022-09-01' AND DATE '2024-08-31'`},
		{expected: "kpi_values_health.csv", bySet: true, query: `
			SELECT reporting_year, kpi_code, numerator, denominator FROM marts.kpi_values_health`},
	})
}
