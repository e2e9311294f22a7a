package pipelines

import (
	"carewh/pipelines/warehouse"
	"database/sql"
	"testing"
)

// lookedAfterDisagreements lists, for every reporting year's end, each mart
// that reports children looked after on that date and disagrees with
// core.looked_after_year_ends, the one definition (docs/domain.md §3a): the
// overdue-review, stability and (at the run's as-at date) permanence
// tracker populations must be the same children, the
// caseload and flow counts and the board report's figure (the overdue KPI's
// denominator) the same number, and the health and school-age PEP cohorts subsets.
const lookedAfterDisagreements = `
WITH base AS (SELECT reporting_year, as_at_date, person_id FROM core.looked_after_year_ends),
counts AS (SELECT y.reporting_year, y.eval_end AS as_at_date, count(b.person_id) AS n
    FROM core.reporting_years y LEFT JOIN base b ON b.reporting_year = y.reporting_year GROUP BY ALL),
same_children(mart, reporting_year, person_id, side) AS (
    SELECT 'lac_reviews_overdue', b.reporting_year, coalesce(b.person_id, o.person_id),
        CASE WHEN o.person_id IS NULL THEN 'missing' ELSE 'extra' END
    FROM (SELECT b.* FROM base b) b
    FULL JOIN (SELECT y.reporting_year, o.person_id FROM marts.lac_reviews_overdue o
               JOIN core.reporting_years y ON y.eval_end = o.as_at_date) o
        ON o.reporting_year = b.reporting_year AND o.person_id = b.person_id
    WHERE b.person_id IS NULL OR o.person_id IS NULL
    UNION ALL
    SELECT 'placement_stability', coalesce(b.reporting_year, s.reporting_year), coalesce(b.person_id, s.person_id),
        CASE WHEN s.person_id IS NULL THEN 'missing' ELSE 'extra' END
    FROM base b FULL JOIN marts.placement_stability s USING (reporting_year, person_id)
    WHERE b.person_id IS NULL OR s.person_id IS NULL
    UNION ALL
    SELECT 'health_assessments', h.reporting_year, h.person_id, 'extra'
    FROM marts.health_assessments h ANTI JOIN base b USING (reporting_year, person_id)
    UNION ALL
    -- the tracker is as at the run's as-at date, the current year's end
    SELECT 'permanence_tracker', coalesce(b.reporting_year, 'as at the run'), coalesce(b.person_id, t.person_id),
        CASE WHEN t.person_id IS NULL THEN 'missing' ELSE 'extra' END
    FROM (SELECT b.* FROM base b JOIN core.reporting_years y ON y.reporting_year = b.reporting_year
          WHERE y.eval_end = (SELECT as_of_date FROM ops.run_parameters)) b
    FULL JOIN marts.permanence_tracker t USING (person_id)
    WHERE b.person_id IS NULL OR t.person_id IS NULL
    UNION ALL
    -- children of school age: a subset
    SELECT 'pep_reviews', y.reporting_year, r.person_id, 'extra'
    FROM marts.pep_reviews r JOIN core.reporting_years y ON y.eval_end = r.as_at_date
    ANTI JOIN base b ON b.reporting_year = y.reporting_year AND b.person_id = r.person_id
),
same_count(mart, reporting_year, got, want) AS (
    SELECT 'iro_caseload_service', c.reporting_year, coalesce(s.looked_after_children, 0), c.n
    FROM counts c LEFT JOIN marts.iro_caseload_service s USING (reporting_year)
    UNION ALL
    SELECT 'care_flows', c.reporting_year, coalesce(f.looked_after_at_end, 0), c.n
    FROM counts c LEFT JOIN marts.care_flows f USING (reporting_year)
    UNION ALL
    SELECT 'board_kpis ' || k.kpi_code, c.reporting_year, k.denominator, c.n
    FROM counts c JOIN marts.board_kpis k USING (reporting_year)
    WHERE k.kpi_code IN ('LAC_REVIEWS_OVERDUE', 'STABILITY_SHORT_TERM')
)
SELECT mart || ' ' || reporting_year || ': ' || side || ' child ' || person_id FROM same_children
UNION ALL
SELECT mart || ' ' || reporting_year || ': ' || got || ' children, want ' || want FROM same_count WHERE got <> want
ORDER BY 1`

// checkLookedAfterAgrees fails the test for every disagreement, and if
// the warehouse has no child looked after at any year end (nothing tested).
func checkLookedAfterAgrees(t *testing.T, db *sql.DB) {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM core.looked_after_year_ends`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no child looked after at any year end: the agreement check would test nothing")
	}
	rows, err := db.Query(lookedAfterDisagreements)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			t.Fatal(err)
		}
		t.Errorf("looked after on a date disagrees: %s", msg)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestLookedAfterAgreesOnDemo builds the default synthetic council, the
// README's first run, and checks that every mart reporting children
// looked after on a date agrees with the one definition.
func TestLookedAfterAgreesOnDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole synthetic council")
	}
	cfg := sourceConfig(t, "synthetic", t.TempDir(), "2024-06-30")
	runPipeline(t, cfg)
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkLookedAfterAgrees(t, db)
}
