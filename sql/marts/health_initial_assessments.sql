-- model: marts.health_initial_assessments
-- depends: core.start_of_care_tasks, core.periods_of_care
-- materialize: table
-- incremental: person_id
-- description: One row per period of care (not short breaks only) whose child became looked after in a reporting year, by the run's as-at date (core.care_entries: a period whose start is unknown, the child being already looked after when the source's history begins, is left out, docs/domain.md §3a): the initial health assessment's due date, the 20th working day after the child became looked after (statutory guidance: in time for the first LAC review), and the first completed initial health assessment dated from the period's start to its end (or the as-at date). status: on_time (done on or before the due date), late (done after it), not_done (not done and the due date has passed), not_yet_due (not done, due on or after the as-at date), left_care_before_due (not done and the child left care on or before the due date, so none was owed). in_measure is true for on_time, late and not_done: the denominator of KPI HEALTH_IHA_ON_TIME (numerator: on_time), counted in the year the child became looked after. working_days_taken counts the working days from the start to the assessment. Timed and classified by core.start_of_care_tasks, as the initial PEP is.
-- check: unique(period_id)
-- check: not_null(period_id, person_id, reporting_year, period_start, due_date, status, in_measure)
-- check: accepted_values(status: on_time, late, not_done, not_yet_due, left_care_before_due)
-- check: expect(in_measure = (status IN ('on_time', 'late', 'not_done')))
-- check: expect((assessment_date IS NOT NULL) = (status IN ('on_time', 'late')))
-- check: expect(assessment_date IS NULL OR assessment_date >= period_start)
-- check: relationship(period_id -> core.periods_of_care.period_id)
SELECT period_id, person_id, reporting_year, period_start, period_end, due_date,
    done_date AS assessment_date, working_days_taken, status, in_measure
FROM core.start_of_care_tasks
WHERE task = 'initial_health_assessment'
