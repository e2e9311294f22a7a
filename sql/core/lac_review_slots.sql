-- model: core.lac_review_slots
-- depends: core.lac_reviews, core.periods_of_care, core.calendar, ops.run_parameters
-- materialize: table
-- description: The statutory LAC review timetable of each period of care (not short breaks only), one row per review owed: every review held, in order, plus the next one owed after the last held (review_id null) while the child is still looked after when it falls due. Review 1 is due 20 working days after the period starts, review 2 three months after review 1, later reviews six months after the previous one, each counted from the date the previous review was actually held (Care Planning, Placement and Case Review (England) Regulations 2010, reg 33).
-- check: unique(period_id, sequence_number)
-- check: not_null(period_id, person_id, sequence_number, due_date)
-- warn: expect(holidays_known)
WITH held AS (
    SELECT
        period_id, person_id, period_start, period_end, review_id, review_date, participation, iro_id, age_at_review,
        row_number() OVER w AS sequence_number,
        lag(review_date) OVER w AS previous_review_date
    FROM core.lac_reviews
    WHERE period_id IS NOT NULL AND NOT short_breaks_only AND duplicate_of IS NULL
    WINDOW w AS (PARTITION BY period_id ORDER BY review_date, review_id)
),
next_owed AS (
    SELECT
        p.period_id, p.person_id, p.period_start, p.period_end,
        NULL::VARCHAR AS review_id, NULL::DATE AS review_date, NULL::VARCHAR AS participation,
        NULL::VARCHAR AS iro_id, NULL::BIGINT AS age_at_review,
        count(h.review_id) + 1 AS sequence_number,
        max(h.review_date) AS previous_review_date
    FROM core.periods_of_care p
    LEFT JOIN held h ON h.period_id = p.period_id
    WHERE NOT p.short_breaks_only
    GROUP BY ALL
),
slots AS (
    SELECT * FROM held
    UNION ALL
    SELECT * FROM next_owed
),
review_one_due AS (
    -- the 20th working day after the period started
    SELECT p.period_id, c20.calendar_date AS due_date, c0.holidays_known
    FROM core.periods_of_care p
    JOIN core.calendar c0 ON c0.calendar_date = p.period_start
    JOIN core.calendar c20 ON c20.working_day_number = c0.working_day_number + 20 AND c20.is_working_day
),
due AS (
    SELECT
        s.*,
        CASE
            WHEN s.sequence_number = 1 THEN r1.due_date
            WHEN s.sequence_number = 2 THEN CAST(s.previous_review_date + INTERVAL 3 MONTH AS DATE)
            ELSE CAST(s.previous_review_date + INTERVAL 6 MONTH AS DATE)
        END AS due_date,
        CASE
            WHEN s.sequence_number = 1 THEN '20 working days after entering care'
            WHEN s.sequence_number = 2 THEN '3 months after review 1'
            ELSE '6 months after the previous review'
        END AS due_rule,
        coalesce(r1.holidays_known, false) AS holidays_known
    FROM slots s
    LEFT JOIN review_one_due r1 ON r1.period_id = s.period_id
)
SELECT
    period_id, person_id, period_start, period_end, sequence_number, review_id, review_date,
    previous_review_date, due_date, due_rule, participation, iro_id, age_at_review, holidays_known,
    review_date <= due_date AS on_time,
    greatest(review_date - due_date, 0) AS days_late
FROM due
-- The next review is owed only if the child is still looked after when it falls due.
WHERE review_id IS NOT NULL OR period_end IS NULL OR due_date < period_end
