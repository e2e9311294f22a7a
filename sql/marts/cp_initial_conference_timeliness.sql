-- model: marts.cp_initial_conference_timeliness
-- depends: staging.cp_conferences, core.calendar, core.reporting_years, core.working_days_after
-- materialize: table
-- incremental: person_id
-- description: One row per initial child protection conference held (on or before the run's as-at date): the strategy discussion that started the S47 enquiry, the statutory due date (the 15th working day after the strategy discussion, counted on core.calendar — not the case system's target date, kept as recorded_target_date), the conference date, the working days taken (the conference is on the Nth working day after the strategy discussion; a conference on a weekend or holiday counts as the next working day) and whether it was on time (held on or before the due date; Working Together to Safeguard Children). Transfer-in conferences (transfer_in) are reported apart from the main measure. When no strategy discussion is known (no S47 enquiry linked, or the enquiry was quarantined: staging.cp_conferences warns of the first, ops.quarantine names the second) the due date, working days and on_time are null and the conference is outside both measures. reporting_year is the year of the conference.
-- check: unique(icpc_id)
-- check: not_null(icpc_id, person_id, conference_date, transfer_in, reporting_year)
-- check: expect((due_date IS NULL) = (on_time IS NULL))
-- check: expect(on_time IS NULL OR on_time = (working_days_taken <= 15))
-- warn: expect(working_days_taken IS NULL OR working_days_taken >= 0)
-- warn: expect(holidays_known)
-- warn: relationship(person_id -> staging.person.person_id or quarantined)
WITH held AS (
    SELECT c.*, y.reporting_year, core.working_days_after(c.strategy_discussion_date, 15) AS due_date
    FROM staging.cp_conferences c
    JOIN core.reporting_years y ON c.icpc_date BETWEEN y.year_start AND y.eval_end
),
timed AS (
    SELECT
        h.*,
        held_day.working_day_number + CASE WHEN held_day.is_working_day THEN 0 ELSE 1 END
            - discussion_day.working_day_number AS working_days_taken,
        coalesce(held_day.holidays_known, false) AND coalesce(discussion_day.holidays_known, true)
            AND coalesce(due.holidays_known, true) AS holidays_known
    FROM held h
    LEFT JOIN core.calendar discussion_day ON discussion_day.calendar_date = h.strategy_discussion_date
    LEFT JOIN core.calendar due ON due.calendar_date = h.due_date
    LEFT JOIN core.calendar held_day ON held_day.calendar_date = h.icpc_date
)
SELECT
    icpc_id,
    person_id,
    transfer_in,
    strategy_discussion_date,
    due_date,
    icpc_target_date AS recorded_target_date,
    icpc_date AS conference_date,
    working_days_taken,
    CASE WHEN due_date IS NOT NULL THEN icpc_date <= due_date END AS on_time,
    outcome_cp_plan,
    holidays_known,
    reporting_year
FROM timed
