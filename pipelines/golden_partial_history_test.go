package pipelines

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGoldenPartialHistory checks left-censoring (docs/domain.md §3a)
// against values worked out by hand: testdata/golden/partial_history/
// README.md shows the working. L01 and L02 were already looked after when
// the data begins (first episode RNE P or B on the coverage start); S03
// started to be looked after (RNE S); T04's first episode is RNE T but
// starts after the coverage start, so its start is known.
func TestGoldenPartialHistory(t *testing.T) {
	const dir = "../testdata/golden/partial_history"
	db := goldenWarehouse(t, dir, "2024-06-30")
	ids := goldenIDs(t, []string{"L01", "L02", "S03", "T04"}, nil)
	checkGoldenCases(t, db, ids, dir, []goldenCase{
		{expected: "source_coverage.csv", query: `SELECT coverage_start, coverage_basis FROM core.source_coverage`},
		{expected: "periods_of_care.csv", bySet: true, query: `
			SELECT person_id AS person, period_start, first_start_reason, start_known FROM core.periods_of_care`},
		{expected: "reporting_years.csv", query: `
			SELECT reporting_year, year_start, eval_end FROM core.reporting_years ORDER BY year_start`},
		{expected: "lac_review_timeliness.csv", bySet: true, query: `
			SELECT review_id, person_id AS person, sequence_number, due_rule, due_date, held_date, assessable,
				on_time, days_late, reporting_year
			FROM marts.lac_review_timeliness`},
		{expected: "lac_reviews_overdue.csv", bySet: true, query: `
			SELECT as_at_date, person_id AS person, next_review_number, next_due_date, assessable, overdue, days_overdue
			FROM marts.lac_reviews_overdue`},
		{expected: "lac_child_review_timeliness.csv", bySet: true, query: `
			SELECT reporting_year, person_id AS person, reviews_held, late_reviews, missed_reviews,
				not_assessable_reviews, all_on_time, in_measure
			FROM marts.lac_child_review_timeliness`},
		{expected: "board_kpis.csv", query: `
			SELECT reporting_year, kpi_code, numerator, denominator
			FROM marts.board_kpis WHERE area IN ('reviews', 'participation') ORDER BY reporting_year, sort_order`},
		{expected: "health_initial_assessments.csv", bySet: true, query: `
			SELECT person_id AS person, reporting_year, period_start, due_date, assessment_date, status
			FROM marts.health_initial_assessments`},
		{expected: "pep_initiation.csv", bySet: true, query: `
			SELECT person_id AS person, reporting_year, age_at_start, due_date, pep_date, status
			FROM marts.pep_initiation`},
	})
}

// TestPartialHistoryStartSetting: with source.history_start on the day
// T04's first episode (RNE T) began, T04 too was already looked after
// when the data begins ("on or before" the coverage start), and its
// reviews lose their numbers.
func TestPartialHistoryStartSetting(t *testing.T) {
	const dir = "../testdata/golden/partial_history"
	db := goldenWarehouseFrom(t, dir, "2024-06-30", "2023-06-05")
	ids := goldenIDs(t, []string{"L01", "L02", "S03", "T04"}, nil)
	got := queryCSV(t, db, ids, `
		SELECT c.coverage_start, c.coverage_basis, p.person_id AS person, p.start_known,
			(SELECT count(*) FROM marts.lac_review_timeliness r WHERE r.period_id = p.period_id AND r.sequence_number IS NOT NULL) AS numbered
		FROM core.periods_of_care p, core.source_coverage c ORDER BY p.period_start, p.person_id`)
	want := [][]string{
		{"coverage_start", "coverage_basis", "person", "start_known", "numbered"},
		{"2023-06-05", "source.history_start", "?", "false", "0"},
		{"2023-06-05", "source.history_start", "?", "false", "0"},
		{"2023-06-05", "source.history_start", "T04", "false", "0"},
		{"2023-06-05", "source.history_start", "S03", "true", "2"},
	}
	// L01 and L02 start the same day; their order follows their pseudonyms
	for i := 1; i <= 2; i++ {
		want[i][2] = got[i][2]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("periods with source.history_start 2023-06-05 (-want +got):\n%s", diff)
	}
}

// TestHistoryStartAfterEarlyReviews: a history start after some reviews
// were held (an SSD export cut at 1 April 2024 that still holds 2023's
// rows) builds: the reporting years start with 2024-25, reviews and review
// intervals that ended before it are in no year's figures, and every child
// whose first episode is not S and began by then is left-censored.
func TestHistoryStartAfterEarlyReviews(t *testing.T) {
	const dir = "../testdata/golden/partial_history"
	db := goldenWarehouseFrom(t, dir, "2024-06-30", "2024-04-01")
	ids := withFixtureIDs(t, goldenIDs(t, []string{"L01", "L02", "S03", "T04"}, nil), dir)
	for _, c := range []struct {
		query string
		want  [][]string
	}{
		{`SELECT reporting_year FROM core.reporting_years`, [][]string{{"reporting_year"}, {"2024-25"}}},
		{`SELECT count(*) AS early FROM marts.midpoint_monitoring WHERE NOT is_open AND interval_end < DATE '2024-04-01'`,
			[][]string{{"early"}, {"0"}}},
		{`SELECT review_id, sequence_number, assessable FROM marts.lac_review_timeliness`, [][]string{
			{"review_id", "sequence_number", "assessable"},
			// L01's, L02's and T04's periods began by 1 April 2024 with RNE P, B, T; their reviews have no numbers
			{"R01-3", "", "true"},
			{"R02-1", "", "false"},
			{"R03-2", "2", "true"},
			{"R04-3", "", "true"},
		}},
	} {
		got := queryCSV(t, db, ids, c.query)
		sortRecords(got[1:]) // rows in the order of the ids a person reads, not of their pseudonyms
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.query, diff)
		}
	}
}
