-- model: marts.kpi_values_midpoint
-- depends: marts.midpoint_monitoring
-- materialize: table
-- incremental: none, totals per year and KPI
-- description: Numerator and denominator of the mid-point monitoring KPI (MIDPOINT_MONITORED) per reporting year: review intervals that ended in the year, not shorter than reporting.midpoint_min_interval_days, and those with an IRO mid-point check strictly inside.
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: expect(numerator <= denominator)
SELECT reporting_year, 'MIDPOINT_MONITORED' AS kpi_code,
    count(*) FILTER (WHERE has_midpoint_check) AS numerator, count(*) AS denominator
FROM marts.midpoint_monitoring
WHERE NOT is_open AND NOT excluded_short
GROUP BY reporting_year
