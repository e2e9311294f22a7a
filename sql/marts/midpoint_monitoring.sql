-- model: marts.midpoint_monitoring
-- depends: core.midpoint_intervals, core.midpoint_checks, core.midpoint_allocations, core.reporting_years
-- materialize: table
-- incremental: person_id
-- description: One row per LAC review interval: from a statutory review held (short-break-only periods have none) to the next review held in the same period of care (ended_by next_review), or to the day the child left care (ended_by left_care), or, while neither has happened by the run's as-at date, to that date (ended_by open; reviews, care endings and checks after the as-at date are ignored). length_days = interval_end - interval_start. reporting_year is the year the interval ended in (null while open). excluded_short: a closed interval shorter than reporting.midpoint_min_interval_days (default 42), left out of the measure. has_midpoint_check: the IRO recorded a mid-point check of the child dated strictly after the interval's first day and before its last (a check on the day of either review does not count; core.midpoint_checks). iro_id and team are the child's IRO and social worker's team on the interval's last day (the involvement open that day that started last; team from the involvement, else the social worker's own team); iro_id falls back to the IRO who chaired the review that opened the interval. KPI MIDPOINT_MONITORED counts closed intervals not excluded_short by reporting_year.
-- check: unique(period_id, interval_number)
-- check: not_null(period_id, person_id, interval_number, interval_start, interval_end, length_days, ended_by, is_open, excluded_short, midpoint_checks, has_midpoint_check)
-- check: accepted_values(ended_by: next_review, left_care, open)
-- check: expect(is_open = (ended_by = 'open'))
-- check: expect(is_open OR reporting_year IS NOT NULL)
-- check: expect(NOT (is_open AND excluded_short))
-- check: expect(length_days = interval_end - interval_start AND length_days >= 0)
-- check: expect(has_midpoint_check = (midpoint_checks > 0))
-- check: relationship(period_id -> core.periods_of_care.period_id)
-- check: relationship(opening_review_id -> core.lac_reviews.review_id)
SELECT
    i.period_id,
    i.person_id,
    i.interval_number,
    i.opening_review_id,
    i.closing_review_id,
    i.interval_start,
    i.interval_end,
    i.interval_end - i.interval_start AS length_days,
    i.ended_by,
    i.ended_by = 'open' AS is_open,
    CASE WHEN i.ended_by <> 'open' THEN y.reporting_year END AS reporting_year,
    i.ended_by <> 'open' AND i.interval_end - i.interval_start < i.midpoint_min_interval_days AS excluded_short,
    coalesce(c.midpoint_checks, 0) AS midpoint_checks,
    coalesce(c.midpoint_checks, 0) > 0 AS has_midpoint_check,
    c.first_check_date,
    c.check_iro_id,
    coalesce(a.iro_id, i.chair_iro_id) AS iro_id,
    a.social_worker_id,
    a.team
FROM core.midpoint_intervals i
LEFT JOIN core.reporting_years y ON y.year_start = i.ended_year_start
LEFT JOIN core.midpoint_checks c USING (interval_key)
LEFT JOIN core.midpoint_allocations a USING (interval_key)
