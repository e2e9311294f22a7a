-- model: core.cp_review_slots
-- depends: staging.cp_reviews, staging.cp_plans, staging.cp_conferences
-- materialize: table
-- incremental: person_id
-- description: The statutory review timetable of each child protection plan, one row per review conference owed: every review held (a review date recorded), in order, plus the next one owed after the last held (cp_review_id null) while the plan is still open when it falls due. Review 1 is due 3 months after the plan's initial conference (the plan's start date when that conference is not in the extract), later reviews 6 months after the previous review was actually held, the day clamped to the month's end (Working Together to Safeguard Children). A second review of the same plan on the same day is the same conference recorded twice and is left out.
-- check: unique(cp_plan_id, sequence_number)
-- check: not_null(cp_plan_id, person_id, plan_start, sequence_number, due_date, due_rule)
-- check: expect(cp_review_id IS NULL OR on_time = (days_late = 0))
-- check: expect(cp_review_id IS NULL OR (review_date >= plan_start AND (plan_end IS NULL OR review_date <= plan_end)))
WITH plans AS NOT MATERIALIZED (
    -- read twice below; cheaper made twice than held in memory at national scale
    SELECT p.cp_plan_id, p.person_id, p.start_date AS plan_start, p.end_date AS plan_end, c.icpc_date,
        coalesce(c.icpc_date, p.start_date) AS clock_start
    FROM staging.cp_plans p
    LEFT JOIN staging.cp_conferences c ON c.icpc_id = p.icpc_id
),
conferences AS (
    -- one per plan and day: a second row on the same day records the same conference
    SELECT r.cp_plan_id, r.cp_review_id, r.review_date, r.recorded_due_date, r.quorate, r.participation,
        p.person_id, p.plan_start, p.plan_end, p.icpc_date, p.clock_start
    FROM staging.cp_reviews r
    JOIN plans p ON p.cp_plan_id = r.cp_plan_id
    WHERE r.review_date IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY r.cp_plan_id, r.review_date ORDER BY r.cp_review_id) = 1
),
owed AS (
    -- each plan's next review: no date yet, so it sorts after every review held
    SELECT cp_plan_id, NULL::VARCHAR AS cp_review_id, NULL::DATE AS review_date, NULL::DATE AS recorded_due_date,
        NULL::BOOLEAN AS quorate, NULL::VARCHAR AS participation,
        person_id, plan_start, plan_end, icpc_date, clock_start
    FROM plans
),
slots AS (
    SELECT *,
        row_number() OVER w AS sequence_number,
        lag(review_date) OVER w AS previous_review_date
    FROM (SELECT * FROM conferences UNION ALL SELECT * FROM owed)
    WINDOW w AS (PARTITION BY cp_plan_id ORDER BY review_date NULLS LAST)
),
due AS (
    SELECT
        s.*,
        CASE
            WHEN s.sequence_number = 1 THEN CAST(s.clock_start + INTERVAL 3 MONTH AS DATE)
            ELSE CAST(s.previous_review_date + INTERVAL 6 MONTH AS DATE)
        END AS due_date,
        CASE
            WHEN s.sequence_number > 1 THEN '6 months after the previous review'
            WHEN s.icpc_date IS NOT NULL THEN '3 months after the initial conference'
            ELSE '3 months after the plan started (initial conference not known)'
        END AS due_rule
    FROM slots s
)
SELECT
    cp_plan_id, person_id, plan_start, plan_end, icpc_date, sequence_number, cp_review_id, review_date,
    previous_review_date, due_date, due_rule, recorded_due_date, quorate, participation,
    review_date <= due_date AS on_time,
    greatest(review_date - due_date, 0) AS days_late
FROM due
-- The next review is owed only if the plan is still open when it falls due.
WHERE cp_review_id IS NOT NULL OR plan_end IS NULL OR due_date < plan_end
