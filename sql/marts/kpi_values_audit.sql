-- model: marts.kpi_values_audit
-- depends: marts.audit_quality
-- materialize: table
-- incremental: none, totals per year and KPI
-- description: Numerators and denominators of the case audit KPIs, one row per reporting year per KPI (by audit date). Each denominator is the audits of the year where that item was recorded; blanks are left out of numerator and denominator alike.
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: accepted_values(kpi_code: AUDIT_GOOD_OR_BETTER, AUDIT_IRO_GOOD_OR_BETTER, AUDIT_IMPACT_EVIDENT)
-- check: expect(numerator >= 0 AND numerator <= denominator)
SELECT reporting_year, 'AUDIT_GOOD_OR_BETTER' AS kpi_code,
    overall_good_or_outstanding AS numerator, overall_graded AS denominator
FROM marts.audit_quality
UNION ALL
SELECT reporting_year, 'AUDIT_IRO_GOOD_OR_BETTER', iro_good_or_outstanding, iro_graded
FROM marts.audit_quality
UNION ALL
SELECT reporting_year, 'AUDIT_IMPACT_EVIDENT', impact_evident, impact_recorded
FROM marts.audit_quality
