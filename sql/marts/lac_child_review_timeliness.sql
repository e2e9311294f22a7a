-- model: marts.lac_child_review_timeliness
-- depends: core.lac_review_slots, core.periods_of_care, core.reporting_years, ops.run_parameters
-- materialize: table
-- description: One row per reporting year per child looked after for at least reporting.looked_after_min_days (28) days by the year's end (not on short breaks only): how many statutory reviews the child had in the year, how many were late, how many fell due in the year without being held, and whether every review in the year was on time. A review counts against the year if it was held in the year or fell due in it.
-- check: unique(reporting_year, person_id)
-- check: not_null(reporting_year, person_id, all_on_time)
-- check: expect(all_on_time = (late_reviews = 0 AND missed_reviews = 0))
WITH p AS (SELECT * FROM ops.run_parameters),
cohort AS (
    SELECT DISTINCT y.reporting_year, y.year_start, y.eval_end, pc.person_id
    FROM core.reporting_years y
    CROSS JOIN p
    JOIN core.periods_of_care pc
        ON NOT pc.short_breaks_only
        AND pc.period_start <= y.eval_end
        AND (pc.period_end IS NULL OR pc.period_end >= y.year_start)
        AND least(coalesce(pc.period_end, y.eval_end), y.eval_end) - pc.period_start >= p.looked_after_min_days
),
slot_status AS (
    SELECT c.reporting_year, c.person_id,
        count(*) FILTER (WHERE s.review_date BETWEEN c.year_start AND c.eval_end) AS reviews_held,
        count(*) FILTER (WHERE s.review_date > s.due_date AND s.review_date >= c.year_start AND s.due_date <= c.eval_end) AS late_reviews,
        count(*) FILTER (WHERE s.review_date IS NULL AND s.due_date < c.eval_end) AS missed_reviews
    FROM cohort c
    JOIN core.lac_review_slots s ON s.person_id = c.person_id
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
