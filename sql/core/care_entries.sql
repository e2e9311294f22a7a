-- model: core.care_entries
-- depends: core.periods_of_care, core.reporting_years, core.calendar, staging.person, core.age_on, core.working_days_after
-- materialize: table
-- incremental: person_id
-- description: One row per period of care (not short breaks only) whose child became looked after in a reporting year, by the run's as-at date: the base of the start-of-care measures (initial health assessment, PEP initiation). care_start is the day the child became looked after (core.periods_of_care.care_start: the first episode not under V3/V4); the child's age on that day, its running working-day number, and the 10th and 20th working days after it, the deadlines of the initial PEP and the initial health assessment. A period whose start is unknown (start_known false: the child was already looked after when the source's history begins, docs/domain.md §3a) is left out: its start-of-care deadlines cannot be known.
-- check: unique(period_id)
-- check: not_null(period_id, person_id, reporting_year, period_start, care_start, start_day_number, due_10_working_days, due_20_working_days)
-- check: expect(care_start >= period_start)
-- check: relationship(period_id -> core.periods_of_care.period_id)
WITH entries AS (
    SELECT period_id, person_id, period_start, period_end, coalesce(care_start, period_start) AS care_start
    FROM core.periods_of_care
    WHERE NOT short_breaks_only AND start_known
)
SELECT
    e.period_id,
    e.person_id,
    e.period_start,
    e.care_start,
    e.period_end,
    y.reporting_year,
    core.age_on(pe.dob, e.care_start) AS age_at_start,
    c0.working_day_number AS start_day_number,
    core.working_days_after(e.care_start, 10) AS due_10_working_days,
    core.working_days_after(e.care_start, 20) AS due_20_working_days
FROM entries e
JOIN core.reporting_years y ON e.care_start BETWEEN y.year_start AND y.eval_end
JOIN core.calendar c0 ON c0.calendar_date = e.care_start
LEFT JOIN staging.person pe ON pe.person_id = e.person_id
