-- model: marts.lac_child_review_timeliness
-- depends: core.lac_review_slots, core.periods_of_care, core.reporting_years, ops.run_parameters
-- materialize: table
-- description: One row per reporting year per child looked after for at least reporting.looked_after_min_days (28) days by the year's end (not on short breaks only): how many statutory reviews the child had in the year, how many were late, how many fell due in the year without being held, and whether every review in the year was on time. A review counts against the year if it was held in the year or fell due in it. A review with no computable due date (the first observed review of a child already looked after when the source's history begins, docs/domain.md §3a) is neither late nor on time (not_assessable_reviews); a child whose timetable was not assessable in the year and who had no assessable review in it is outside the measure (in_measure false; KPI LAC_CHILDREN_ALL_REVIEWS_ON_TIME counts children in the measure).
-- check: unique(reporting_year, person_id)
-- check: not_null(reporting_year, person_id, all_on_time, in_measure)
-- check: expect(all_on_time = (late_reviews = 0 AND missed_reviews = 0))
-- check: expect(in_measure OR all_on_time)
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
        count(*) FILTER (WHERE s.review_date IS NULL AND s.owed AND s.due_date < c.eval_end) AS missed_reviews,
        count(*) FILTER (WHERE s.due_date IS NULL AND s.review_date BETWEEN c.year_start AND c.eval_end) AS not_assessable_reviews,
        -- reviews with a due date that count against the year
        count(*) FILTER (WHERE s.due_date IS NOT NULL AND (s.review_date BETWEEN c.year_start AND c.eval_end
            OR (s.owed AND s.due_date BETWEEN c.year_start AND c.eval_end AND (s.review_date IS NULL OR s.review_date > c.eval_end)))) AS assessable_reviews,
        -- the first observed review, with no due date, was held in the year or still owed during it
        bool_or(s.due_date IS NULL AND (s.review_date BETWEEN c.year_start AND c.eval_end
            OR ((s.review_date IS NULL OR s.review_date > c.eval_end)
                AND s.period_start <= c.eval_end AND (s.period_end IS NULL OR s.period_end >= c.year_start)))) AS not_assessable
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
    coalesce(st.not_assessable_reviews, 0) AS not_assessable_reviews,
    coalesce(st.late_reviews, 0) = 0 AND coalesce(st.missed_reviews, 0) = 0 AS all_on_time,
    coalesce(st.assessable_reviews, 0) > 0 OR NOT coalesce(st.not_assessable, false) AS in_measure
FROM cohort c
LEFT JOIN slot_status st USING (reporting_year, person_id)
