-- model: marts.lac_child_review_timeliness
-- depends: core.child_review_years
-- materialize: table
-- incremental: person_id
-- description: One row per reporting year per child looked after for at least reporting.looked_after_min_days (28) days by the year's end (not on short breaks only): how many statutory reviews the child had in the year, how many were late, how many fell due in the year without being held, and whether every review in the year was on time. A review counts against the year if it was held in the year or fell due in it. A review with no computable due date (the first observed review of a child already looked after when the source's history begins, docs/domain.md §3a) is neither late nor on time (not_assessable_reviews); a child whose timetable was not assessable in the year and who had no assessable review in it is outside the measure (in_measure false; KPI LAC_CHILDREN_ALL_REVIEWS_ON_TIME counts children in the measure). Counted by core.child_review_years, as marts.cp_child_review_timeliness is.
-- check: unique(reporting_year, person_id)
-- check: not_null(reporting_year, person_id, all_on_time, in_measure)
-- check: expect(all_on_time = (late_reviews = 0 AND missed_reviews = 0))
-- check: expect(in_measure OR all_on_time)
SELECT reporting_year, person_id, reviews_held, late_reviews, missed_reviews, not_assessable_reviews, all_on_time, in_measure
FROM core.child_review_years
WHERE review_kind = 'lac'
