-- model: marts.cp_child_review_timeliness
-- depends: core.child_review_years
-- materialize: table
-- incremental: person_id
-- description: One row per reporting year per child who, by the year's end (or the as-at date for the current year), had been subject to one child protection plan continuously for at least 3 months (plan start + 3 calendar months on or before the plan's end or the year's end, whichever is earlier), the plan being open at some point in the year: how many review conferences the child had in the year, how many were late, how many fell due without being held, and whether every review in the year was on time. A review counts against the year if it was held in the year or fell due in it; a review due and never held counts as missed while its plan was still open in the year. Counted by core.child_review_years, as marts.lac_child_review_timeliness is.
-- check: unique(reporting_year, person_id)
-- check: not_null(reporting_year, person_id, reviews_held, late_reviews, missed_reviews, all_on_time)
-- check: expect(all_on_time = (late_reviews = 0 AND missed_reviews = 0))
-- warn: relationship(person_id -> staging.person.person_id or quarantined)
SELECT reporting_year, person_id, reviews_held, late_reviews, missed_reviews, all_on_time
FROM core.child_review_years
WHERE review_kind = 'cp'
