-- model: core.child_review_years
-- depends: core.lac_review_slots, core.cp_review_slots, core.looked_after_in_years, staging.cp_plans, core.reporting_years, ops.run_parameters, core.open_during
-- materialize: table
-- incremental: person_id
-- build: in slices of children
-- description: The "all reviews on time" child measures, counted once for both review timetables: one row per review_kind (lac: statutory LAC reviews, core.lac_review_slots; cp: child protection review conferences, core.cp_review_slots), reporting year and child in that measure's cohort. The lac cohort: children looked after in the year (core.looked_after_in_years) for at least reporting.looked_after_min_days (28) days by the year's end (or the as-at date for the current year). The cp cohort: children subject to one child protection plan continuously for at least 3 months by the year's end (plan start + 3 calendar months on or before the plan's end or the year's end, whichever is earlier), the plan open at some time in the year. Each child's reviews, of any period or plan, count against the year if held in it or due in it: reviews_held (held in the year), late_reviews (held after the due date, held on or after the year's start and due on or before its end), missed_reviews (never held, due before the year's end, owed (for lac, core.lac_review_slots.owed) and its period of care or plan not ended before the year's start), not_assessable_reviews (held in the year with no computable due date: the first observed review of a child already looked after when the source's history begins, docs/domain.md §3a; lac only). all_on_time: no late and no missed review. in_measure is false for a child whose timetable was not assessable in the year and who had no assessable review in it (always true for cp, whose due dates are always known). marts.lac_child_review_timeliness and marts.cp_child_review_timeliness each report one kind.
-- check: unique(review_kind, reporting_year, person_id)
-- check: not_null(review_kind, reporting_year, person_id, reviews_held, late_reviews, missed_reviews, not_assessable_reviews, all_on_time, in_measure)
-- check: accepted_values(review_kind: lac, cp)
-- check: expect(all_on_time = (late_reviews = 0 AND missed_reviews = 0))
-- check: expect(in_measure OR all_on_time)
WITH p AS (SELECT * FROM ops.run_parameters),
cohort AS (
    SELECT DISTINCT 'lac' AS review_kind, l.reporting_year, l.year_start, l.eval_end, l.person_id
    FROM core.looked_after_in_years l
    CROSS JOIN p
    WHERE least(coalesce(l.period_end, l.eval_end), l.eval_end) - l.period_start >= p.looked_after_min_days
    UNION ALL
    SELECT DISTINCT 'cp', y.reporting_year, y.year_start, y.eval_end, cp.person_id
    FROM core.reporting_years y
    JOIN staging.cp_plans cp
        ON core.open_during(cp.start_date, cp.end_date, y.year_start, y.eval_end)
        AND CAST(cp.start_date + INTERVAL 3 MONTH AS DATE) <= least(coalesce(cp.end_date, y.eval_end), y.eval_end)
),
slots AS (
    -- both timetables in one shape; owed_until: a review never held counts as missed only
    -- while its period of care or plan was still open in the year: a review missed in a
    -- period that ended before the year is no review of that year
    SELECT 'lac' AS review_kind, person_id, review_date, due_date, owed, period_end AS owed_until,
        period_start AS spell_start, period_end AS spell_end
    FROM core.lac_review_slots
    UNION ALL
    SELECT 'cp', person_id, review_date, due_date, true, plan_end, plan_start, plan_end
    FROM core.cp_review_slots
),
slot_status AS (
    SELECT c.review_kind, c.reporting_year, c.person_id,
        count(*) FILTER (WHERE s.review_date BETWEEN c.year_start AND c.eval_end) AS reviews_held,
        count(*) FILTER (WHERE s.review_date > s.due_date AND s.review_date >= c.year_start AND s.due_date <= c.eval_end) AS late_reviews,
        count(*) FILTER (WHERE s.review_date IS NULL AND s.owed AND s.due_date < c.eval_end
            AND (s.owed_until IS NULL OR s.owed_until >= c.year_start)) AS missed_reviews,
        count(*) FILTER (WHERE s.due_date IS NULL AND s.review_date BETWEEN c.year_start AND c.eval_end) AS not_assessable_reviews,
        -- reviews with a due date that count against the year
        count(*) FILTER (WHERE s.due_date IS NOT NULL AND (s.review_date BETWEEN c.year_start AND c.eval_end
            OR (s.owed AND s.due_date BETWEEN c.year_start AND c.eval_end AND (s.review_date IS NULL OR s.review_date > c.eval_end)))) AS assessable_reviews,
        -- the first observed review, with no due date, was held in the year or still owed during it
        bool_or(s.due_date IS NULL AND (s.review_date BETWEEN c.year_start AND c.eval_end
            OR ((s.review_date IS NULL OR s.review_date > c.eval_end)
                AND core.open_during(s.spell_start, s.spell_end, c.year_start, c.eval_end)))) AS not_assessable
    FROM cohort c
    JOIN slots s ON s.review_kind = c.review_kind AND s.person_id = c.person_id
    GROUP BY ALL
)
SELECT
    c.review_kind,
    c.reporting_year,
    c.person_id,
    coalesce(st.reviews_held, 0) AS reviews_held,
    coalesce(st.late_reviews, 0) AS late_reviews,
    coalesce(st.missed_reviews, 0) AS missed_reviews,
    coalesce(st.not_assessable_reviews, 0) AS not_assessable_reviews,
    coalesce(st.late_reviews, 0) = 0 AND coalesce(st.missed_reviews, 0) = 0 AS all_on_time,
    coalesce(st.assessable_reviews, 0) > 0 OR NOT coalesce(st.not_assessable, false) AS in_measure
FROM cohort c
LEFT JOIN slot_status st USING (review_kind, reporting_year, person_id)
