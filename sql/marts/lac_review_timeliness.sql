-- model: marts.lac_review_timeliness
-- depends: core.lac_review_slots, core.reporting_years
-- materialize: table
-- incremental: person_id
-- description: One row per statutory LAC review held: its period of care, sequence number, statutory due date (computed from the regulations, not taken from the case system), date held, days late (0 when on time) and whether it was on time. A review held early is on time, and the next review is due from the day it was actually held. A review of a period whose start is unknown (the child was already looked after when the source's history begins, docs/domain.md §3a) has no sequence number; the first such review observed has no computable due date: assessable is false and due_date, on_time and days_late are null. It counts among the reviews held and in participation, not in the on-time measures (KPI LAC_REVIEWS_ON_TIME counts assessable reviews only).
-- check: unique(review_id)
-- check: not_null(review_id, person_id, period_id, slot_number, start_known, held_date, assessable, reporting_year)
-- check: expect(assessable = (due_date IS NOT NULL))
-- check: expect(assessable = (on_time IS NOT NULL))
-- check: expect(on_time IS NULL OR on_time = (days_late = 0))
-- check: expect(start_known = (sequence_number IS NOT NULL))
-- check: expect(sequence_number IS NULL OR sequence_number >= 1)
-- check: relationship(period_id -> core.periods_of_care.period_id)
-- warn: relationship(person_id -> staging.person.person_id or quarantined)
SELECT
    s.review_id,
    s.person_id,
    s.period_id,
    s.period_start,
    s.start_known,
    s.slot_number,
    s.sequence_number,
    s.due_rule,
    s.due_date,
    s.review_date AS held_date,
    s.due_date IS NOT NULL AS assessable,
    s.days_late,
    s.on_time,
    s.participation,
    s.age_at_review,
    s.iro_id,
    y.reporting_year
FROM core.lac_review_slots s
JOIN core.reporting_years y ON s.review_date BETWEEN y.year_start AND y.year_end
WHERE s.review_id IS NOT NULL
