-- model: marts.kpi_values_caseload
-- depends: marts.iro_caseload_service
-- materialize: table
-- incremental: none, totals per year and KPI
-- description: Numerators and denominators of the IRO caseload KPIs, per reporting year, as at the year's end (the as-at date for the current year). Numerator and denominator are DOUBLE for every KPI here because the FTE denominators are fractional; the per-FTE KPIs are ratios, so their numerator exceeds their denominator.
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: expect(numerator >= 0 AND denominator >= 0)
-- check: expect(numerator <= denominator OR kpi_code IN ('IRO_LAC_PER_FTE', 'IRO_CP_PER_FTE'))
-- check: accepted_values(kpi_code: IRO_LAC_PER_FTE, IRO_CP_PER_FTE, IRO_ABOVE_CASELOAD_MAX)
SELECT reporting_year, kpi_code, CAST(numerator AS DOUBLE) AS numerator, CAST(denominator AS DOUBLE) AS denominator
FROM marts.iro_caseload_service
CROSS JOIN LATERAL (VALUES
    ('IRO_LAC_PER_FTE', lac_allocated, total_fte),
    ('IRO_CP_PER_FTE', cp_allocated, total_fte),
    ('IRO_ABOVE_CASELOAD_MAX', iros_above_caseload_max, iros - iros_fte_unknown)
) AS k(kpi_code, numerator, denominator)
