-- model: marts.midpoint_monitoring_by_team
-- depends: marts.midpoint_monitoring
-- materialize: table
-- incremental: none, totals per year and team
-- description: Mid-point monitoring by reporting year and team, for charting: review intervals that ended in the year and were not excluded_short (the MIDPOINT_MONITORED denominator) and those with an IRO mid-point check strictly inside (its numerator), split by the team of the child's social worker on the interval's last day ("not known" when no social worker involvement was open that day). The teams of a year add up to the year's MIDPOINT_MONITORED figures.
-- check: unique(reporting_year, team)
-- check: not_null(reporting_year, team, intervals, monitored)
-- check: expect(monitored <= intervals)
-- check: expect(intervals > 0)
SELECT
    reporting_year,
    coalesce(team, 'not known') AS team,
    count(*) FILTER (WHERE has_midpoint_check) AS monitored,
    count(*) AS intervals
FROM marts.midpoint_monitoring
WHERE NOT is_open AND NOT excluded_short
GROUP BY ALL
