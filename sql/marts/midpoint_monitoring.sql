-- model: marts.midpoint_monitoring
-- depends: core.lac_review_slots, core.reporting_years, staging.iro_midpoint_checks, staging.involvements, staging.professionals, ops.run_parameters
-- materialize: table
-- description: One row per LAC review interval: from a statutory review held (short-break-only periods have none) to the next review held in the same period of care (ended_by next_review), or to the day the child left care (ended_by left_care), or, while neither has happened by the run's as-at date, to that date (ended_by open; reviews, care endings and checks after the as-at date are ignored). length_days = interval_end - interval_start. reporting_year is the year the interval ended in (null while open). excluded_short: a closed interval shorter than reporting.midpoint_min_interval_days (default 42), left out of the measure. has_midpoint_check: the IRO recorded a mid-point check of the child dated strictly after the interval's first day and before its last (a check on the day of either review does not count). iro_id and team are the child's IRO and social worker's team on the interval's last day (the involvement open that day that started last; team from the involvement, else the social worker's own team); iro_id falls back to the IRO who chaired the review that opened the interval. KPI MIDPOINT_MONITORED counts closed intervals not excluded_short by reporting_year.
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
WITH p AS (SELECT * FROM ops.run_parameters),
held AS (
    -- statutory reviews held by the as-at date
    SELECT s.period_id, s.person_id, s.period_end, s.review_id, s.review_date, s.iro_id, s.sequence_number
    FROM core.lac_review_slots s, p
    WHERE s.review_id IS NOT NULL AND s.review_date <= p.as_of_date
),
intervals AS (
    SELECT
        h.period_id,
        h.person_id,
        h.sequence_number AS interval_number,
        h.review_id AS opening_review_id,
        h.iro_id AS chair_iro_id,
        h.review_date AS interval_start,
        lead(h.review_id) OVER w AS closing_review_id,
        CASE
            WHEN lead(h.review_date) OVER w IS NOT NULL THEN lead(h.review_date) OVER w
            WHEN h.period_end <= p.as_of_date THEN h.period_end
            ELSE p.as_of_date
        END AS interval_end,
        CASE
            WHEN lead(h.review_date) OVER w IS NOT NULL THEN 'next_review'
            WHEN h.period_end <= p.as_of_date THEN 'left_care'
            ELSE 'open'
        END AS ended_by
    FROM held h, p
    WINDOW w AS (PARTITION BY h.period_id ORDER BY h.sequence_number)
),
keyed AS (
    -- an integer key for the joins below, and the start of the reporting year the interval ended in
    SELECT intervals.*, p.midpoint_min_interval_days,
        row_number() OVER () AS interval_key,
        make_date(year(interval_end) - CASE WHEN month(interval_end) < p.year_start_month THEN 1 ELSE 0 END,
            p.year_start_month, 1) AS ended_year_start
    FROM intervals, p
),
checks AS (
    SELECT i.interval_key,
        count(*) AS midpoint_checks,
        min(c.check_date) AS first_check_date,
        arg_min(c.iro_id, c.check_date) AS check_iro_id
    FROM keyed i
    JOIN staging.iro_midpoint_checks c
        ON c.person_id = i.person_id
        AND c.check_date > i.interval_start
        AND c.check_date < i.interval_end
    GROUP BY ALL
),
allocation AS (
    -- the child's IRO and social worker on the interval's last day: the involvement open that day that started last
    SELECT i.interval_key,
        arg_max(v.professional_id, (v.start_date, v.involvement_id)) FILTER (WHERE v.role = 'iro') AS iro_id,
        arg_max(v.professional_id, (v.start_date, v.involvement_id)) FILTER (WHERE v.role = 'social_worker') AS social_worker_id,
        arg_max_null(coalesce(v.team, pr.team), (v.start_date, v.involvement_id)) FILTER (WHERE v.role = 'social_worker') AS team
    FROM keyed i
    JOIN staging.involvements v
        ON v.person_id = i.person_id
        AND v.role IN ('iro', 'social_worker')
        AND v.start_date <= i.interval_end
        AND (v.end_date IS NULL OR v.end_date >= i.interval_end)
    LEFT JOIN staging.professionals pr ON pr.professional_id = v.professional_id
    GROUP BY i.interval_key
)
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
FROM keyed i
LEFT JOIN core.reporting_years y ON y.year_start = i.ended_year_start
LEFT JOIN checks c USING (interval_key)
LEFT JOIN allocation a USING (interval_key)
