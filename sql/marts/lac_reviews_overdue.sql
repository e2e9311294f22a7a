-- model: marts.lac_reviews_overdue
-- depends: core.lac_review_slots, core.periods_of_care, core.reporting_years, ops.run_parameters
-- materialize: table
-- description: Children looked after (not on short breaks only) as at a date, with their next statutory review's due date and whether it is overdue (due before that date and not yet held). Rows are given as at the run's as-at date and as at the end of every reporting year, so the measure can be compared year on year.
-- check: unique(as_at_date, period_id)
-- check: not_null(as_at_date, period_id, person_id, next_due_date, overdue)
-- check: expect(overdue = (days_overdue > 0))
WITH dates AS (
    SELECT as_of_date AS as_at_date FROM ops.run_parameters
    UNION
    SELECT eval_end FROM core.reporting_years
),
open_periods AS (
    SELECT d.as_at_date, p.period_id, p.person_id, p.period_start
    FROM dates d
    JOIN core.periods_of_care p
        ON NOT p.short_breaks_only
        AND p.period_start <= d.as_at_date
        AND (p.period_end IS NULL OR p.period_end > d.as_at_date)
),
next_due AS (
    -- the first review of the timetable not yet held on the date
    SELECT o.as_at_date, o.period_id, o.person_id, o.period_start,
        s.sequence_number, s.due_date, s.previous_review_date
    FROM open_periods o
    JOIN core.lac_review_slots s
        ON s.period_id = o.period_id
        AND (s.review_date IS NULL OR s.review_date > o.as_at_date)
    QUALIFY row_number() OVER (PARTITION BY o.as_at_date, o.period_id ORDER BY s.sequence_number) = 1
)
SELECT
    as_at_date,
    period_id,
    person_id,
    period_start,
    CASE WHEN sequence_number > 1 THEN previous_review_date END AS last_review_date,
    sequence_number AS next_review_number,
    due_date AS next_due_date,
    due_date < as_at_date AS overdue,
    greatest(as_at_date - due_date, 0) AS days_overdue
FROM next_due
