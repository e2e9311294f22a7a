-- model: core.cp_review_slots
-- depends: core.cp_review_sequence, staging.cp_reviews, staging.cp_plans, staging.cp_conferences
-- materialize: table
-- incremental: person_id
-- description: The statutory review timetable of each child protection plan, one row per review conference owed: every review held (a review date recorded), in order, plus the next one owed after the last held (cp_review_id null) while the plan is still open when it falls due. Review 1 is due 3 months after the plan's initial conference (the plan's start date when that conference is not in the extract), later reviews 6 months after the previous review was actually held, the day clamped to the month's end (Working Together to Safeguard Children). A second review of the same plan on the same day is the same conference recorded twice and is left out (core.cp_review_sequence numbers the reviews).
-- check: unique(cp_plan_id, sequence_number)
-- check: not_null(cp_plan_id, person_id, plan_start, sequence_number, due_date, due_rule)
-- check: expect(cp_review_id IS NULL OR on_time = (days_late = 0))
-- check: expect(cp_review_id IS NULL OR (review_date >= plan_start AND (plan_end IS NULL OR review_date <= plan_end)))
WITH slots AS (
    SELECT s.cp_plan_id, s.person_id, p.start_date AS plan_start, p.end_date AS plan_end, c.icpc_date,
        s.sequence_number, s.cp_review_id, s.review_date, s.previous_review_date,
        CASE
            WHEN s.sequence_number = 1 THEN CAST(coalesce(c.icpc_date, p.start_date) + INTERVAL 3 MONTH AS DATE)
            ELSE CAST(s.previous_review_date + INTERVAL 6 MONTH AS DATE)
        END AS due_date,
        CASE
            WHEN s.sequence_number > 1 THEN '6 months after the previous review'
            WHEN c.icpc_date IS NOT NULL THEN '3 months after the initial conference'
            ELSE '3 months after the plan started (initial conference not known)'
        END AS due_rule,
        r.recorded_due_date, r.quorate, r.participation
    FROM core.cp_review_sequence s
    JOIN staging.cp_plans p ON p.cp_plan_id = s.cp_plan_id
    LEFT JOIN staging.cp_conferences c ON c.icpc_id = p.icpc_id
    LEFT JOIN staging.cp_reviews r ON r.cp_review_id = s.cp_review_id
)
SELECT *,
    review_date <= due_date AS on_time,
    greatest(review_date - due_date, 0) AS days_late
FROM slots
-- The next review is owed only if the plan is still open when it falls due.
WHERE cp_review_id IS NOT NULL OR plan_end IS NULL OR due_date < plan_end
