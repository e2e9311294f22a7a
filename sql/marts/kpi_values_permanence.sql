-- model: marts.kpi_values_permanence
-- depends: marts.permanence_outcomes
-- materialize: table
-- incremental: none, totals per year and KPI
-- description: Numerators and denominators of the permanence outcome KPIs, one row per reporting year per KPI, from marts.permanence_outcomes, counting each child who ceased care in the year once, by the last period that ended in the year. PERMANENCE_LEGAL: children who ceased care through adoption, special guardianship or a child arrangements order / children who ceased care. PERMANENCE_INCL_RETURN_HOME: the same or a planned return home (E4A) / children who ceased care.
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: accepted_values(kpi_code: PERMANENCE_LEGAL, PERMANENCE_INCL_RETURN_HOME)
-- check: expect(numerator >= 0 AND numerator <= denominator)
SELECT reporting_year, 'PERMANENCE_LEGAL' AS kpi_code,
    count(*) FILTER (WHERE legal_permanence) AS numerator, count(*) AS denominator
FROM marts.permanence_outcomes
WHERE last_in_year
GROUP BY reporting_year
UNION ALL
SELECT reporting_year, 'PERMANENCE_INCL_RETURN_HOME',
    count(*) FILTER (WHERE permanence_incl_return_home), count(*)
FROM marts.permanence_outcomes
WHERE last_in_year
GROUP BY reporting_year
