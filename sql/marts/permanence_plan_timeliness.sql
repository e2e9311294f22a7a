-- model: marts.permanence_plan_timeliness
-- depends: core.lac_review_slots, core.reporting_years, staging.cla_care_plans, ops.run_parameters
-- materialize: table
-- incremental: person_id
-- description: One row per period of care whose second LAC review was held, or fell due before the as-at date without being held: whether a permanence plan (a care plan with at least one plan code, recorded in the period) was in place by then. Statutory guidance expects a permanence plan by the second review (Children Act 1989 guidance vol. 2). The reporting year is the year of the second review (its due date when not held). A period whose start is unknown (the child was already looked after when the source's history begins, docs/domain.md §3a) has no numbered reviews and is left out.
-- check: unique(period_id)
-- check: not_null(period_id, person_id, review_2_date, plan_by_review_2, reporting_year)
WITH review_two AS (
    SELECT s.period_id, s.person_id, s.period_start, s.review_date, s.due_date,
        coalesce(s.review_date, s.due_date) AS review_2_date
    FROM core.lac_review_slots s, ops.run_parameters p
    WHERE s.sequence_number = 2 AND (s.review_date IS NOT NULL OR (s.owed AND s.due_date < p.as_of_date))
),
first_plan AS (
    SELECT r.period_id, min(cp.start_date) AS plan_first_recorded
    FROM review_two r
    JOIN staging.cla_care_plans cp ON cp.person_id = r.person_id
        AND cp.start_date >= r.period_start AND len(cp.plan_codes) > 0
    GROUP BY r.period_id
)
SELECT
    r.period_id,
    r.person_id,
    r.review_date AS review_2_held,
    r.due_date AS review_2_due,
    r.review_2_date,
    f.plan_first_recorded,
    coalesce(f.plan_first_recorded <= r.review_2_date, false) AS plan_by_review_2,
    y.reporting_year
FROM review_two r
LEFT JOIN first_plan f ON f.period_id = r.period_id
JOIN core.reporting_years y ON r.review_2_date BETWEEN y.year_start AND y.year_end
