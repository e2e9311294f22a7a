-- model: core.midpoint_intervals
-- depends: core.lac_review_slots, core.reporting_years, ops.run_parameters
-- materialize: table
-- incremental: person_id
-- description: The intervals between a child's statutory LAC reviews held by the as-at date, one row per review held: from that review to the next (ended_by next_review), to the end of care (left_care), or, still open, to the as-at date (open), with interval_key (the opening review's id) and the start of the reporting year the interval ended in. An interval that ended before the first reporting year (before the source's history begins, core.source_coverage) is left out. marts.midpoint_monitoring counts the IRO's mid-point checks in each; kept apart from it so that each query fits DuckDB's memory limit at national scale.
-- check: unique(interval_key)
-- check: unique(period_id, interval_number)
-- check: not_null(period_id, person_id, interval_number, interval_start, interval_end, ended_by)
WITH p AS (SELECT * FROM ops.run_parameters),
held AS (
    -- statutory reviews held by the as-at date
    SELECT s.period_id, s.person_id, s.period_end, s.review_id, s.review_date, s.iro_id, s.slot_number
    FROM core.lac_review_slots s, p
    WHERE s.review_id IS NOT NULL AND s.review_date <= p.as_of_date
),
intervals AS (
    SELECT
        h.period_id,
        h.person_id,
        h.slot_number AS interval_number,
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
    WINDOW w AS (PARTITION BY h.period_id ORDER BY h.slot_number)
),
keyed AS (
    -- a key for marts.midpoint_monitoring's joins (the review that opens the interval: a child's own, so the
    -- key does not change when other children's rows do), and the start of the reporting year the interval ended in
    SELECT intervals.*, p.midpoint_min_interval_days,
        opening_review_id AS interval_key,
        make_date(year(interval_end) - CASE WHEN month(interval_end) < p.year_start_month THEN 1 ELSE 0 END,
            p.year_start_month, 1) AS ended_year_start
    FROM intervals, p
)
SELECT * FROM keyed
-- an interval that ended before the source's history begins is in no reporting year (docs/domain.md §3a)
WHERE ended_by = 'open' OR interval_end >= (SELECT min(year_start) FROM core.reporting_years)
