-- model: marts.kpi_values_stability
-- depends: marts.placement_stability
-- materialize: table
-- incremental: none, totals per year and KPI
-- description: Numerators and denominators of the placement stability KPIs, one row per reporting year per KPI, from marts.placement_stability. STABILITY_SHORT_TERM: children looked after at the end of the year with 3 or more placements during the year / children looked after at the end of the year (not on short breaks only). STABILITY_LONG_TERM: children under 16 looked after for at least 2.5 years who had been with the same carer for at least 2 years / children under 16 looked after for at least 2.5 years.
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: accepted_values(kpi_code: STABILITY_SHORT_TERM, STABILITY_LONG_TERM)
-- check: expect(numerator >= 0 AND numerator <= denominator)
SELECT reporting_year, 'STABILITY_SHORT_TERM' AS kpi_code,
    count(*) FILTER (WHERE three_or_more_placements) AS numerator, count(*) AS denominator
FROM marts.placement_stability
GROUP BY reporting_year
UNION ALL
SELECT reporting_year, 'STABILITY_LONG_TERM',
    count(*) FILTER (WHERE long_term_cohort AND same_carer_2_years), count(*) FILTER (WHERE long_term_cohort)
FROM marts.placement_stability
GROUP BY reporting_year
