-- model: core.lac_review_slots
-- depends: core.lac_reviews, core.periods_of_care, core.calendar, core.working_days_after
-- materialize: table
-- incremental: person_id
-- build: in slices of children
-- description: The statutory LAC review timetable of each period of care (not short breaks only), one row per review owed: every review held, in order (slot_number 1, 2, …), plus the next one after the last held (review_id null); owed is false when the child left care before it fell due, so no review was owed (as-at figures for a date before the child left still need its due date). Review 1 is due 20 working days after the child became looked after (the period's care_start: its first episode not under V3/V4), review 2 three months after review 1, later reviews six months after the previous one, each counted from the date the previous review was actually held (Care Planning, Placement and Case Review (England) Regulations 2010, reg 33). sequence_number is the review's statutory number, equal to slot_number. In a left-censored period (core.periods_of_care.start_known false: the child was already looked after when the source's history begins, docs/domain.md §3a) the reviews before the history are missing, so no review has a sequence number; the first observed review has no computable due date (due_date and on_time null, "not assessable"), and each later review is due six months after the previous one; until that first review is held the next review owed is not assessable either.
-- check: unique(period_id, slot_number)
-- check: not_null(period_id, person_id, slot_number, start_known, due_rule, owed)
-- check: expect(start_known = (sequence_number IS NOT NULL))
-- check: expect(sequence_number IS NULL OR sequence_number = slot_number)
-- check: expect((due_date IS NULL) = (NOT start_known AND slot_number = 1))
-- check: expect((on_time IS NULL) = (review_id IS NULL OR due_date IS NULL))
-- check: expect((days_late IS NULL) = (due_date IS NULL))
-- warn: expect(holidays_known)
WITH held AS (
    SELECT
        period_id, person_id, period_start, period_end, review_id, review_date, participation, iro_id, age_at_review,
        row_number() OVER w AS slot_number,
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
        count(h.review_id) + 1 AS slot_number,
        max(h.review_date) AS previous_review_date
    FROM core.periods_of_care p
    LEFT JOIN held h ON h.period_id = p.period_id
    WHERE NOT p.short_breaks_only
    GROUP BY ALL
),
slots AS (
    SELECT s.*, p.start_known
    FROM (SELECT * FROM held UNION ALL SELECT * FROM next_owed) s
    JOIN core.periods_of_care p USING (period_id)
),
review_one_due AS (
    -- the 20th working day after the child became looked after
    SELECT p.period_id, core.working_days_after(c0.calendar_date, 20) AS due_date, c0.holidays_known
    FROM core.periods_of_care p
    JOIN core.calendar c0 ON c0.calendar_date = coalesce(p.care_start, p.period_start)
    WHERE p.start_known
),
due AS (
    SELECT
        s.*,
        CASE WHEN s.start_known THEN s.slot_number END AS sequence_number,
        CASE
            WHEN NOT s.start_known AND s.slot_number = 1 THEN NULL
            WHEN NOT s.start_known THEN CAST(s.previous_review_date + INTERVAL 6 MONTH AS DATE)
            WHEN s.slot_number = 1 THEN r1.due_date
            WHEN s.slot_number = 2 THEN CAST(s.previous_review_date + INTERVAL 3 MONTH AS DATE)
            ELSE CAST(s.previous_review_date + INTERVAL 6 MONTH AS DATE)
        END AS due_date,
        CASE
            WHEN NOT s.start_known AND s.slot_number = 1
                THEN 'not assessable: the child was already looked after when the data begins'
            WHEN NOT s.start_known THEN '6 months after the previous review'
            WHEN s.slot_number = 1 THEN '20 working days after entering care'
            WHEN s.slot_number = 2 THEN '3 months after review 1'
            ELSE '6 months after the previous review'
        END AS due_rule,
        -- only review 1's due date counts working days: a review due 3 or 6 months on needs no holidays
        CASE WHEN s.start_known AND s.slot_number = 1 THEN coalesce(r1.holidays_known, false) ELSE true END AS holidays_known
    FROM slots s
    LEFT JOIN review_one_due r1 ON r1.period_id = s.period_id
)
SELECT
    period_id, person_id, period_start, period_end, start_known, slot_number, sequence_number, review_id, review_date,
    previous_review_date, due_date, due_rule, participation, iro_id, age_at_review, holidays_known,
    review_date <= due_date AS on_time,
    CASE WHEN due_date IS NOT NULL THEN greatest(review_date - due_date, 0) END AS days_late,
    -- the next review is owed only if the child is still looked after when it falls due;
    -- one not assessable (no due date) is owed on an unknown day
    review_id IS NOT NULL OR period_end IS NULL OR due_date < period_end OR due_date IS NULL AS owed
FROM due
