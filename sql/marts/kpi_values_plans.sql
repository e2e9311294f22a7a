-- model: marts.kpi_values_plans
-- depends: marts.permanence_plan_timeliness
-- materialize: table
-- incremental: none, totals per year and KPI
-- description: Numerators and denominators of the permanence planning KPI, per reporting year.
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: expect(numerator <= denominator)
SELECT reporting_year, 'PERMANENCE_PLAN_BY_REVIEW_2' AS kpi_code,
    count(*) FILTER (WHERE plan_by_review_2) AS numerator, count(*) AS denominator
FROM marts.permanence_plan_timeliness
GROUP BY reporting_year
