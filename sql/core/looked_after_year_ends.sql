-- model: core.looked_after_year_ends
-- depends: core.periods_of_care, core.reporting_years
-- materialize: table
-- description: The children looked after at the end of each reporting year (its evaluation date), one row per year and child, in the period of care they were in (short breaks left out). Kept apart from marts.placement_stability, which reads it three times, so that each query fits DuckDB's memory limit at national scale.
-- check: unique(reporting_year, person_id)
-- check: not_null(reporting_year, year_start, as_at_date, person_id, period_id, period_start)
SELECT y.reporting_year, y.year_start, y.eval_end AS as_at_date, p.person_id, p.period_id, p.period_start
FROM core.reporting_years y
JOIN core.periods_of_care p
    ON NOT p.short_breaks_only
    AND p.period_start <= y.eval_end
    AND (p.period_end IS NULL OR p.period_end > y.eval_end)
QUALIFY row_number() OVER (PARTITION BY y.reporting_year, p.person_id ORDER BY p.period_start DESC) = 1
