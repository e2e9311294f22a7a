-- model: marts.kpi_values_health
-- depends: marts.health_assessments, marts.health_initial_assessments, marts.pep_initiation, marts.pep_reviews, core.reporting_years
-- materialize: table
-- incremental: none, totals per year and KPI
-- description: Numerators and denominators of the health and education KPIs per reporting year: HEALTH_ASSESSMENT_IN_DATE and DENTAL_CHECK_IN_YEAR (children looked after 12 months or more on the year's cohort date), HEALTH_IHA_ON_TIME and PEP_INITIATED_ON_TIME (periods of care started in the year whose assessment or plan was owed), PEP_REVIEW_THIS_TERM (school-age children looked after at the year's end, or the as-at date for the current year).
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: expect(numerator <= denominator)
-- check: accepted_values(kpi_code: HEALTH_ASSESSMENT_IN_DATE, DENTAL_CHECK_IN_YEAR, HEALTH_IHA_ON_TIME, PEP_INITIATED_ON_TIME, PEP_REVIEW_THIS_TERM)
SELECT reporting_year, 'HEALTH_ASSESSMENT_IN_DATE' AS kpi_code,
    count(*) FILTER (WHERE assessment_in_date) AS numerator, count(*) AS denominator
FROM marts.health_assessments GROUP BY reporting_year
UNION ALL
SELECT reporting_year, 'DENTAL_CHECK_IN_YEAR', count(*) FILTER (WHERE dental_check_in_year), count(*)
FROM marts.health_assessments GROUP BY reporting_year
UNION ALL
SELECT reporting_year, 'HEALTH_IHA_ON_TIME', count(*) FILTER (WHERE status = 'on_time'), count(*)
FROM marts.health_initial_assessments WHERE in_measure GROUP BY reporting_year
UNION ALL
SELECT reporting_year, 'PEP_INITIATED_ON_TIME', count(*) FILTER (WHERE status = 'on_time'), count(*)
FROM marts.pep_initiation WHERE in_measure GROUP BY reporting_year
UNION ALL
SELECT y.reporting_year, 'PEP_REVIEW_THIS_TERM', count(*) FILTER (WHERE r.pep_review_this_term), count(*)
FROM core.reporting_years y JOIN marts.pep_reviews r ON r.as_at_date = y.eval_end
GROUP BY y.reporting_year
