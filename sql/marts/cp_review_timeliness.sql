-- model: marts.cp_review_timeliness
-- depends: core.cp_review_slots, core.reporting_years
-- materialize: table
-- incremental: person_id
-- description: One row per child protection review conference held (on or before the run's as-at date): the plan, the review's sequence number within the plan, its statutory due date (computed, not the case system's: review 1 three months after the initial conference, or after the plan's start when that conference is not in the extract; later reviews six months after the previous review was held, the day clamped to the month's end), the date held, days late (0 when on time) and whether it was on time. A review held early is on time and the next one is due from the day it was held. The case system's own due date is kept as recorded_due_date for comparison. reporting_year is the year the review was held in.
-- check: unique(cp_review_id)
-- check: not_null(cp_review_id, person_id, cp_plan_id, sequence_number, due_date, held_date, days_late, on_time, reporting_year)
-- check: expect(on_time = (days_late = 0))
-- check: expect(sequence_number >= 1)
-- check: relationship(cp_plan_id -> staging.cp_plans.cp_plan_id)
-- warn: relationship(person_id -> staging.person.person_id or quarantined)
SELECT
    s.cp_review_id,
    s.person_id,
    s.cp_plan_id,
    s.plan_start,
    s.icpc_date,
    s.sequence_number,
    s.due_rule,
    s.due_date,
    s.recorded_due_date,
    s.review_date AS held_date,
    s.days_late,
    s.on_time,
    s.quorate,
    s.participation,
    y.reporting_year
FROM core.cp_review_slots s
JOIN core.reporting_years y ON s.review_date BETWEEN y.year_start AND y.eval_end
WHERE s.cp_review_id IS NOT NULL
