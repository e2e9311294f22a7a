-- model: marts.kpi_values_reviews
-- depends: marts.lac_review_timeliness, marts.lac_child_review_timeliness, marts.lac_reviews_overdue, core.reporting_years, ops.run_parameters
-- materialize: table
-- incremental: none, totals per year and KPI
-- description: Numerators and denominators of the LAC review and participation KPIs, per reporting year.
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: expect(numerator <= denominator)
SELECT reporting_year, 'LAC_REVIEWS_ON_TIME' AS kpi_code,
    -- a review with no computable due date (start of care unknown, §3a) is outside both
    count(*) FILTER (WHERE on_time) AS numerator, count(*) FILTER (WHERE assessable) AS denominator
FROM marts.lac_review_timeliness GROUP BY reporting_year
UNION ALL
SELECT reporting_year, 'LAC_CHILDREN_ALL_REVIEWS_ON_TIME',
    count(*) FILTER (WHERE all_on_time AND in_measure), count(*) FILTER (WHERE in_measure)
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
