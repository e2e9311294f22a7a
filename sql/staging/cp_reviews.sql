-- model: staging.cp_reviews
-- depends: raw.cp_reviews, raw.cp_plans
-- materialize: table
-- incremental: person_id
-- description: Child protection review conferences, the child taken from the plan where the source names none. A review whose plan is not in the extract (or was quarantined), or that was held before its plan started or after it ended, is left out and recorded in ops.quarantine (unknown_plan, plan_quarantined, review_outside_plan) with its file and line.
-- check: unique(cp_review_id)
-- check: not_null(person_id, cp_plan_id)
SELECT r.cp_review_id, coalesce(r.person_id, p.person_id) AS person_id, r.cp_plan_id, r.due_date AS recorded_due_date,
    r.review_date, r.quorate, r.outcome_continue_cp, r.participation, r._source, r._line
FROM raw.cp_reviews r
JOIN raw.cp_plans p ON p.cp_plan_id = r.cp_plan_id
WHERE r.review_date IS NULL OR (r.review_date >= p.start_date AND (p.end_date IS NULL OR r.review_date <= p.end_date))
