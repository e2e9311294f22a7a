-- model: marts.lac_reviews_overdue
-- depends: core.lac_review_slots, core.looked_after_year_ends, core.reporting_years, ops.run_parameters
-- materialize: table
-- incremental: person_id
-- description: Every child looked after as at a date (core.looked_after_year_ends, the DfE SSDA903 definition every mart shares: an episode covers the date and its legal status is not V3/V4), one row each, whatever happened later: a child who left care after the date before the next review fell due is in the population, not overdue, with no next review (the timetable owes none after care ends); with their next statutory review's due date and whether it is overdue (due before that date and not yet held). A child already looked after when the source's history begins (core.periods_of_care.start_known false, docs/domain.md §3a) is not assessable until their first observed review is held: in the population, next_due_date null, assessable false, not overdue; their later reviews are due six months after the previous one, with no review number. Rows are given as at the run's as-at date and as at the end of every reporting year, so the measure can be compared year on year.
-- check: unique(as_at_date, period_id)
-- check: not_null(as_at_date, period_id, person_id, overdue)
-- check: expect(overdue = (days_overdue > 0))
-- check: expect(assessable OR NOT overdue)
WITH dates AS (
    SELECT as_of_date AS as_at_date FROM ops.run_parameters
    UNION
    SELECT eval_end FROM core.reporting_years
),
open_periods AS (
    -- every child looked after on the date, as core.looked_after_year_ends defines it for every mart
    SELECT d.as_at_date, l.period_id, l.person_id, l.period_start
    FROM dates d
    JOIN core.looked_after_year_ends l ON l.as_at_date = d.as_at_date
),
next_slot AS (
    -- the first review of the timetable not yet held on the date (an inner join
    -- filtered after, which DuckDB hashes; the OR in a LEFT JOIN's condition
    -- made it a nested loop over every slot of every date)
    SELECT o.as_at_date, o.period_id, min(s.slot_number) AS slot_number
    FROM open_periods o
    JOIN core.lac_review_slots s ON s.period_id = o.period_id
    WHERE s.review_date IS NULL OR s.review_date > o.as_at_date
    GROUP BY ALL
),
next_due AS (
    SELECT o.as_at_date, o.period_id, o.person_id, o.period_start,
        s.slot_number, s.sequence_number, s.due_date, s.previous_review_date, s.start_known
    FROM open_periods o
    -- LEFT: a child who left care after the date, before the next review fell due, has no slot owed
    LEFT JOIN next_slot n ON n.as_at_date = o.as_at_date AND n.period_id = o.period_id
    LEFT JOIN core.lac_review_slots s ON s.period_id = n.period_id AND s.slot_number = n.slot_number
)
SELECT
    as_at_date,
    period_id,
    person_id,
    period_start,
    CASE WHEN slot_number > 1 THEN previous_review_date END AS last_review_date,
    sequence_number AS next_review_number,
    due_date AS next_due_date,
    -- false: the first observed review of a period whose start is unknown has no due date
    coalesce(NOT (start_known = false AND slot_number = 1), true) AS assessable,
    coalesce(due_date < as_at_date, false) AS overdue,
    greatest(as_at_date - due_date, 0) AS days_overdue
FROM next_due
