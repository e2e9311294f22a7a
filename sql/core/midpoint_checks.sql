-- model: core.midpoint_checks
-- depends: core.midpoint_intervals, staging.iro_midpoint_checks
-- materialize: table
-- incremental: person_id
-- build: in slices of children
-- description: The IRO's mid-point checks in each LAC review interval (core.midpoint_intervals) that has any: a check of the child dated strictly after the interval's first day and before its last (a check on the day of either review does not count), their number, the first one's date and the IRO who made it. marts.midpoint_monitoring joins it to the intervals; kept apart from it so that each query fits DuckDB's memory limit at national scale.
-- check: unique(interval_key)
-- check: not_null(interval_key, person_id, midpoint_checks, first_check_date)
-- check: expect(midpoint_checks > 0)
SELECT i.interval_key, i.person_id,
    count(*) AS midpoint_checks,
    min(c.check_date) AS first_check_date,
    arg_min(c.iro_id, c.check_date) AS check_iro_id
FROM core.midpoint_intervals i
JOIN staging.iro_midpoint_checks c
    ON c.person_id = i.person_id
    AND c.check_date > i.interval_start
    AND c.check_date < i.interval_end
GROUP BY i.interval_key, i.person_id
