-- model: marts.board_kpis
-- depends: marts.kpi_definitions, marts.lac_review_timeliness, marts.lac_child_review_timeliness, marts.lac_reviews_overdue, core.reporting_years, ops.kpi_targets, ops.run_parameters
-- materialize: table
-- description: Every board KPI for every reporting year, one row each: numerator, denominator, value (numerator / denominator, null when there is no denominator), target, the value a year earlier, which direction is better and the RAG rating. Green meets the target; amber misses it by no more than rag.amber_tolerance; red misses it by more. The board report and every headline figure read from this table.
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: expect(numerator <= denominator)
-- check: expect(numerator >= 0)
-- check: accepted_values(rag: green, amber, red)
-- check: relationship(kpi_code -> marts.kpi_definitions.kpi_code)
WITH measures AS (
    SELECT reporting_year, 'LAC_REVIEWS_ON_TIME' AS kpi_code,
        count(*) FILTER (WHERE on_time) AS numerator, count(*) AS denominator
    FROM marts.lac_review_timeliness GROUP BY reporting_year
    UNION ALL
    SELECT reporting_year, 'LAC_CHILDREN_ALL_REVIEWS_ON_TIME',
        count(*) FILTER (WHERE all_on_time), count(*)
    FROM marts.lac_child_review_timeliness GROUP BY reporting_year
    UNION ALL
    SELECT y.reporting_year, 'LAC_REVIEWS_OVERDUE',
        count(DISTINCT o.person_id) FILTER (WHERE o.overdue), count(DISTINCT o.person_id)
    FROM core.reporting_years y JOIN marts.lac_reviews_overdue o ON o.as_at_date = y.eval_end
    GROUP BY y.reporting_year
    UNION ALL
    SELECT reporting_year, kpi_code, count(*) FILTER (WHERE list_contains(codes, participation)), count(*)
    FROM marts.lac_review_timeliness
    CROSS JOIN (VALUES
        ('LAC_PARTICIPATION', ['PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6']),
        ('LAC_PARTICIPATION_DIRECT', ['PN1', 'PN2', 'PN3', 'PN4']),
        ('LAC_PARTICIPATION_INDIRECT', ['PN5', 'PN6'])
    ) AS k(kpi_code, codes)
    WHERE age_at_review >= (SELECT participation_min_age FROM ops.run_parameters)
    GROUP BY reporting_year, kpi_code
),
complete AS (
    -- every KPI for every year, zero where nothing was counted
    SELECT y.reporting_year, y.year_start, y.year_end, y.complete, d.kpi_code, d.kpi_name, d.better, d.sort_order,
        coalesce(m.numerator, 0) AS numerator, coalesce(m.denominator, 0) AS denominator
    FROM core.reporting_years y
    CROSS JOIN marts.kpi_definitions d
    LEFT JOIN measures m ON m.reporting_year = y.reporting_year AND m.kpi_code = d.kpi_code
),
valued AS (
    SELECT c.*,
        CASE WHEN denominator > 0 THEN numerator / denominator END AS value,
        t.target
    FROM complete c
    LEFT JOIN ops.kpi_targets t ON t.kpi_code = c.kpi_code
)
SELECT
    v.reporting_year,
    v.year_start,
    v.year_end,
    v.complete AS year_complete,
    v.kpi_code,
    v.kpi_name,
    v.numerator,
    v.denominator,
    v.value,
    v.target,
    lag(v.value) OVER (PARTITION BY v.kpi_code ORDER BY v.year_start) AS previous_value,
    v.better,
    CASE
        WHEN v.value IS NULL OR v.target IS NULL THEN NULL
        WHEN (v.better = 'higher' AND v.value >= v.target) OR (v.better = 'lower' AND v.value <= v.target) THEN 'green'
        WHEN abs(v.value - v.target) <= (SELECT amber_tolerance FROM ops.run_parameters) + 1e-9 THEN 'amber'
        ELSE 'red'
    END AS rag,
    v.sort_order
FROM valued v
