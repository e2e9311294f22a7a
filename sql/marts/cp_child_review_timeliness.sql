-- model: marts.cp_child_review_timeliness
-- depends: core.cp_review_slots, staging.cp_plans, core.reporting_years
-- materialize: table
-- description: One row per reporting year per child who, by the year's end (or the as-at date for the current year), had been subject to one child protection plan continuously for at least 3 months (plan start + 3 calendar months on or before the plan's end or the year's end, whichever is earlier), the plan being open at some point in the year: how many review conferences the child had in the year, how many were late, how many fell due without being held, and whether every review in the year was on time. A review counts against the year if it was held in the year or fell due in it; a review due and never held counts as missed while its plan was still open in the year. Mirrors marts.lac_child_review_timeliness.
-- check: unique(reporting_year, person_id)
-- check: not_null(reporting_year, person_id, reviews_held, late_reviews, missed_reviews, all_on_time)
-- check: expect(all_on_time = (late_reviews = 0 AND missed_reviews = 0))
-- warn: relationship(person_id -> staging.person.person_id or quarantined)
WITH cohort AS (
    SELECT DISTINCT y.reporting_year, y.year_start, y.eval_end, p.person_id
    FROM core.reporting_years y
    JOIN staging.cp_plans p
        ON p.start_date <= y.eval_end
        AND (p.end_date IS NULL OR p.end_date >= y.year_start)
        AND CAST(p.start_date + INTERVAL 3 MONTH AS DATE) <= least(coalesce(p.end_date, y.eval_end), y.eval_end)
),
slot_status AS (
    SELECT c.reporting_year, c.person_id,
        count(*) FILTER (WHERE s.review_date BETWEEN c.year_start AND c.eval_end) AS reviews_held,
        count(*) FILTER (WHERE s.review_date > s.due_date AND s.review_date >= c.year_start AND s.due_date <= c.eval_end) AS late_reviews,
        count(*) FILTER (WHERE s.review_date IS NULL AND s.due_date < c.eval_end
            AND (s.plan_end IS NULL OR s.plan_end >= c.year_start)) AS missed_reviews
    FROM cohort c
    JOIN core.cp_review_slots s ON s.person_id = c.person_id
    GROUP BY ALL
)
SELECT
    c.reporting_year,
    c.person_id,
    coalesce(st.reviews_held, 0) AS reviews_held,
    coalesce(st.late_reviews, 0) AS late_reviews,
    coalesce(st.missed_reviews, 0) AS missed_reviews,
    coalesce(st.late_reviews, 0) = 0 AND coalesce(st.missed_reviews, 0) = 0 AS all_on_time
FROM cohort c
LEFT JOIN slot_status st USING (reporting_year, person_id)
