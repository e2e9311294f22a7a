-- model: core.lac_reviews
-- depends: staging.cla_reviews, core.periods_of_care, staging.person
-- materialize: table
-- description: LAC reviews that were held (a review date, not cancelled), each placed in the period of care it fell in, with the child's age on the day. A review outside every period of care has no period_id and is quarantined (rule review_outside_care); a second review of the same period on the same day is marked duplicate_of and quarantined (rule duplicate_review).
-- check: unique(review_id)
-- check: not_null(review_id, person_id, review_date)
-- check: relationship(period_id -> core.periods_of_care.period_id)
WITH placed AS (
    SELECT r.*, p.period_id, p.period_start, p.period_end, p.short_breaks_only
    FROM staging.cla_reviews r
    LEFT JOIN core.periods_of_care p
        ON p.person_id = r.person_id
        AND r.review_date >= p.period_start
        -- every condition a comparison: with an OR here DuckDB plans this
        -- outer join as a nested loop, quadratic in the number of children
        AND r.review_date <= coalesce(p.period_end, DATE '9999-12-31')
    WHERE r.review_date IS NOT NULL AND NOT r.cancelled
    QUALIFY row_number() OVER (PARTITION BY r.review_id ORDER BY p.period_start DESC NULLS LAST) = 1
)
SELECT
    placed.review_id,
    placed.person_id,
    placed.period_id,
    placed.period_start,
    placed.period_end,
    coalesce(placed.short_breaks_only, false) AS short_breaks_only,
    placed.review_date,
    placed.participation,
    placed.iro_id,
    year(placed.review_date) - year(pe.dob)
        - CASE WHEN strftime(placed.review_date, '%m%d') < strftime(pe.dob, '%m%d') THEN 1 ELSE 0 END AS age_at_review,
    nullif(
        CASE WHEN placed.period_id IS NOT NULL THEN
            first_value(placed.review_id) OVER (PARTITION BY placed.period_id, placed.review_date ORDER BY placed.review_id)
        END,
        placed.review_id) AS duplicate_of,
    placed._line
FROM placed
LEFT JOIN staging.person pe ON pe.person_id = placed.person_id
