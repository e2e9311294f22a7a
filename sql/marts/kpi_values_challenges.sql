-- model: marts.kpi_values_challenges
-- depends: marts.iro_challenges, marts.iro_challenges_summary, core.reporting_years
-- materialize: table
-- incremental: none, totals per year and KPI
-- description: Numerators and denominators of the IRO challenge KPIs, one row per reporting year per KPI (by the date raised). CHALLENGES_RAISED: challenges raised / children looked after in the year (a rate, so the numerator may exceed the denominator; × 100 is challenges per 100 looked-after children). CHALLENGES_RESOLVED_INFORMALLY: challenges resolved at the informal level / challenges with outcome resolved at any level. CHALLENGES_FORMAL_IN_20_WD: formal challenges closed within 20 working days / formal challenges whose timeliness is known (closed, or open past their 20th working day). The median working days to resolution is not a ratio and is kept in marts.iro_challenges_summary only.
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: accepted_values(kpi_code: CHALLENGES_RAISED, CHALLENGES_RESOLVED_INFORMALLY, CHALLENGES_FORMAL_IN_20_WD)
-- check: expect(numerator >= 0 AND denominator >= 0)
-- check: expect(numerator <= denominator OR kpi_code = 'CHALLENGES_RAISED')
WITH shares AS (
    SELECT reporting_year,
        count(*) FILTER (WHERE resolved_informally) AS resolved_informally,
        count(*) FILTER (WHERE outcome = 'resolved') AS resolved,
        count(*) FILTER (WHERE resolved_within_20_wd) AS formal_in_time,
        count(resolved_within_20_wd) AS formal_timeliness_known
    FROM marts.iro_challenges
    GROUP BY reporting_year
)
SELECT reporting_year, 'CHALLENGES_RAISED' AS kpi_code,
    challenges AS numerator, looked_after_children AS denominator
FROM marts.iro_challenges_summary
WHERE dimension = 'all'
UNION ALL
SELECT y.reporting_year, k.kpi_code,
    coalesce(CASE k.kpi_code WHEN 'CHALLENGES_RESOLVED_INFORMALLY' THEN s.resolved_informally ELSE s.formal_in_time END, 0),
    coalesce(CASE k.kpi_code WHEN 'CHALLENGES_RESOLVED_INFORMALLY' THEN s.resolved ELSE s.formal_timeliness_known END, 0)
FROM core.reporting_years y
CROSS JOIN (VALUES ('CHALLENGES_RESOLVED_INFORMALLY'), ('CHALLENGES_FORMAL_IN_20_WD')) AS k(kpi_code)
LEFT JOIN shares s ON s.reporting_year = y.reporting_year
