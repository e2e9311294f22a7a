-- model: marts.health_initial_assessments
-- depends: core.care_entries, core.periods_of_care, core.calendar, staging.cla_health, ops.run_parameters, core.start_of_care_status, core.in_start_of_care_measure
-- materialize: table
-- description: One row per period of care (not short breaks only) whose child became looked after in a reporting year, by the run's as-at date (core.care_entries: a period whose start is unknown, the child being already looked after when the source's history begins, is left out, docs/domain.md §3a): the initial health assessment's due date, the 20th working day after the child became looked after (statutory guidance: in time for the first LAC review), and the first completed initial health assessment dated from the period's start to its end (or the as-at date). status: on_time (done on or before the due date), late (done after it), not_done (not done and the due date has passed), not_yet_due (not done, due on or after the as-at date), left_care_before_due (not done and the child left care on or before the due date, so none was owed). in_measure is true for on_time, late and not_done: the denominator of KPI HEALTH_IHA_ON_TIME (numerator: on_time), counted in the year the child became looked after. working_days_taken counts the working days from the start to the assessment.
-- check: unique(period_id)
-- check: not_null(period_id, person_id, reporting_year, period_start, due_date, status, in_measure)
-- check: accepted_values(status: on_time, late, not_done, not_yet_due, left_care_before_due)
-- check: expect(in_measure = (status IN ('on_time', 'late', 'not_done')))
-- check: expect((assessment_date IS NOT NULL) = (status IN ('on_time', 'late')))
-- check: expect(assessment_date IS NULL OR assessment_date >= period_start)
-- check: relationship(period_id -> core.periods_of_care.period_id)
WITH p AS (SELECT as_of_date FROM ops.run_parameters),
due AS (
    SELECT period_id, person_id, period_start, period_end, reporting_year, start_day_number,
        due_20_working_days AS due_date
    FROM core.care_entries
),
first_assessment AS (
    SELECT d.period_id, min(h.check_date) AS assessment_date
    FROM due d
    CROSS JOIN p
    JOIN staging.cla_health h
        ON h.person_id = d.person_id
        AND h.check_type = 'initial_health_assessment'
        AND h.status = 'completed'
        AND h.check_date >= d.period_start
        AND h.check_date <= least(coalesce(d.period_end, p.as_of_date), p.as_of_date)
    GROUP BY ALL
),
classified AS (
    SELECT d.*, f.assessment_date,
        core.start_of_care_status(f.assessment_date, d.due_date, d.period_end, p.as_of_date) AS status
    FROM due d
    CROSS JOIN p
    LEFT JOIN first_assessment f USING (period_id)
)
SELECT
    c.period_id,
    c.person_id,
    c.reporting_year,
    c.period_start,
    c.period_end,
    c.due_date,
    c.assessment_date,
    cal.working_day_number - c.start_day_number AS working_days_taken,
    c.status,
    core.in_start_of_care_measure(c.status) AS in_measure
FROM classified c
LEFT JOIN core.calendar cal ON cal.calendar_date = c.assessment_date
