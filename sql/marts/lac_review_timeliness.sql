-- model: marts.lac_review_timeliness
-- depends: core.lac_review_slots, core.reporting_years
-- materialize: table
-- description: One row per statutory LAC review held: its period of care, sequence number, statutory due date (computed from the regulations, not taken from the case system), date held, days late (0 when on time) and whether it was on time. A review held early is on time, and the next review is due from the day it was actually held.
-- check: unique(review_id)
-- check: not_null(review_id, person_id, period_id, sequence_number, due_date, held_date, on_time, days_late, reporting_year)
-- check: expect(on_time = (days_late = 0))
-- check: expect(sequence_number >= 1)
-- check: relationship(period_id -> core.periods_of_care.period_id)
-- warn: relationship(person_id -> staging.person.person_id)
SELECT
    s.review_id,
    s.person_id,
    s.period_id,
    s.period_start,
    s.sequence_number,
    s.due_rule,
    s.due_date,
    s.review_date AS held_date,
    s.days_late,
    s.on_time,
    s.participation,
    s.age_at_review,
    s.iro_id,
    y.reporting_year
FROM core.lac_review_slots s
JOIN core.reporting_years y ON s.review_date BETWEEN y.year_start AND y.year_end
WHERE s.review_id IS NOT NULL
