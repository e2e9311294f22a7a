-- model: core.cp_review_sequence
-- depends: staging.cp_reviews, staging.cp_plans
-- materialize: table
-- incremental: person_id
-- build: in slices of children
-- description: The order of each child protection plan's review conferences, on keys alone: every review held (a review date recorded), numbered in date order with the previous review's date, plus one last row for the next review owed (cp_review_id and review_date null, so it sorts after every review held). A second review of the same plan on the same day is the same conference recorded twice and is left out. core.cp_review_slots adds the plans' and reviews' columns and the due dates; the numbering is its own model because at national scale the window and those joins together need more memory than DuckDB's default limit, and each alone fits.
-- check: unique(cp_plan_id, sequence_number)
-- check: not_null(cp_plan_id, person_id, sequence_number)
-- check: expect((cp_review_id IS NULL) = (review_date IS NULL))
WITH held AS (
    SELECT r.cp_plan_id, p.person_id, r.cp_review_id, r.review_date
    FROM staging.cp_reviews r
    JOIN staging.cp_plans p ON p.cp_plan_id = r.cp_plan_id
    WHERE r.review_date IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY r.cp_plan_id, r.review_date ORDER BY r.cp_review_id) = 1
),
owed AS (
    SELECT cp_plan_id, person_id, NULL::VARCHAR AS cp_review_id, NULL::DATE AS review_date
    FROM staging.cp_plans
)
SELECT cp_plan_id, person_id, cp_review_id, review_date,
    row_number() OVER w AS sequence_number,
    lag(review_date) OVER w AS previous_review_date
FROM (SELECT * FROM held UNION ALL SELECT * FROM owed)
WINDOW w AS (PARTITION BY cp_plan_id ORDER BY review_date NULLS LAST)
