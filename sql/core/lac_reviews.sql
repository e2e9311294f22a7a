-- model: core.lac_reviews
-- depends: staging.cla_reviews, core.lac_review_periods, core.periods_of_care, staging.person, core.age_on
-- materialize: table
-- incremental: person_id
-- description: LAC reviews that were held (a review date, not cancelled), each placed in the period of care it fell in, with the child's age on the day. A review outside every period of care has no period_id and is quarantined (rule review_outside_care); a second review of the same period on the same day is marked duplicate_of and quarantined (rule duplicate_review).
-- check: unique(review_id)
-- check: not_null(review_id, person_id, review_date)
-- check: relationship(period_id -> core.periods_of_care.period_id)
SELECT
    r.review_id,
    r.person_id,
    p.period_id,
    p.period_start,
    p.period_end,
    coalesce(p.short_breaks_only, false) AS short_breaks_only,
    r.review_date,
    r.participation,
    r.iro_id,
    core.age_on(pe.dob, r.review_date) AS age_at_review,
    c.duplicate_of,
    r._source,
    r._line
FROM staging.cla_reviews r
JOIN core.lac_review_periods c USING (review_id)
LEFT JOIN core.periods_of_care p ON p.period_id = c.period_id
LEFT JOIN staging.person pe ON pe.person_id = r.person_id
