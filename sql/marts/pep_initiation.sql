-- model: marts.pep_initiation
-- depends: core.start_of_care_tasks, core.periods_of_care
-- materialize: table
-- incremental: person_id
-- description: One row per period of care (not short breaks only) whose child became looked after in a reporting year, by the run's as-at date (core.care_entries: a period whose start is unknown, the child being already looked after when the source's history begins, is left out, docs/domain.md §3a), of a child of school age when it started (school age: aged 5 to 15 on the day the period started; children whose date of birth is unknown are left out): the initial personal education plan's due date, the 10th working day after the child became looked after (statutory guidance on promoting the education of looked-after children), and the first completed initial PEP (pep_type initial) dated from the period's start to its end (or the as-at date). status: on_time (on or before the due date), late, not_done (none and the due date has passed), not_yet_due (none, due on or after the as-at date), left_care_before_due (none and the child left care on or before the due date). in_measure (on_time, late, not_done) is the denominator of KPI PEP_INITIATED_ON_TIME (numerator: on_time), counted in the year the child became looked after. Timed and classified by core.start_of_care_tasks, as the initial health assessment is.
-- check: unique(period_id)
-- check: not_null(period_id, person_id, reporting_year, period_start, age_at_start, due_date, status, in_measure)
-- check: accepted_values(status: on_time, late, not_done, not_yet_due, left_care_before_due)
-- check: expect(age_at_start BETWEEN 5 AND 15)
-- check: expect(in_measure = (status IN ('on_time', 'late', 'not_done')))
-- check: expect((pep_date IS NOT NULL) = (status IN ('on_time', 'late')))
-- check: relationship(period_id -> core.periods_of_care.period_id)
SELECT period_id, person_id, reporting_year, period_start, period_end, age_at_start, due_date,
    done_date AS pep_date, working_days_taken, status, in_measure
FROM core.start_of_care_tasks
WHERE task = 'initial_pep'
