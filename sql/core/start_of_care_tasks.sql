-- model: core.start_of_care_tasks
-- depends: core.care_entries, core.calendar, staging.cla_health, staging.cla_pep, ops.run_parameters, core.start_of_care_status, core.in_start_of_care_measure
-- materialize: table
-- incremental: person_id
-- description: The tasks owed once when a child becomes looked after, one row per task and period of care of core.care_entries: the initial health assessment (task initial_health_assessment, due on the 20th working day after the child became looked after, owed to every child) and the initial personal education plan (task initial_pep, due on the 10th working day, owed to a child of school age: aged 5 to 15 on the day the period started; a child whose date of birth is unknown is left out). done_date is the first completed one (staging.cla_health check_type initial_health_assessment, staging.cla_pep pep_type initial) dated from the period's start to its end (or the as-at date); working_days_taken counts the working days from the start to it; status is core.start_of_care_status (on_time, late, not_done, not_yet_due, left_care_before_due) and in_measure core.in_start_of_care_measure. marts.health_initial_assessments and marts.pep_initiation each report one task, so both are timed and classified by this one query.
-- check: unique(task, period_id)
-- check: not_null(task, period_id, person_id, reporting_year, period_start, due_date, status, in_measure)
-- check: accepted_values(task: initial_health_assessment, initial_pep)
-- check: expect(task <> 'initial_pep' OR age_at_start BETWEEN 5 AND 15)
WITH p AS (SELECT as_of_date FROM ops.run_parameters),
due AS (
    SELECT 'initial_health_assessment' AS task, period_id, person_id, period_start, period_end, reporting_year, age_at_start,
        start_day_number, due_20_working_days AS due_date
    FROM core.care_entries
    UNION ALL
    SELECT 'initial_pep', period_id, person_id, period_start, period_end, reporting_year, age_at_start,
        start_day_number, due_10_working_days
    FROM core.care_entries
    WHERE age_at_start BETWEEN 5 AND 15
),
done AS (
    SELECT 'initial_health_assessment' AS task, person_id, check_date AS done_date
    FROM staging.cla_health
    WHERE check_type = 'initial_health_assessment' AND status = 'completed'
    UNION ALL
    SELECT 'initial_pep', person_id, pep_date
    FROM staging.cla_pep
    WHERE pep_type = 'initial' AND status = 'completed'
),
first_done AS (
    SELECT d.task, d.period_id, min(x.done_date) AS done_date
    FROM due d
    CROSS JOIN p
    JOIN done x
        ON x.task = d.task
        AND x.person_id = d.person_id
        AND x.done_date >= d.period_start
        AND x.done_date <= least(coalesce(d.period_end, p.as_of_date), p.as_of_date)
    GROUP BY ALL
),
classified AS (
    SELECT d.*, f.done_date,
        core.start_of_care_status(f.done_date, d.due_date, d.period_end, p.as_of_date) AS status
    FROM due d
    CROSS JOIN p
    LEFT JOIN first_done f USING (task, period_id)
)
SELECT
    c.task,
    c.period_id,
    c.person_id,
    c.reporting_year,
    c.period_start,
    c.period_end,
    c.age_at_start,
    c.due_date,
    c.done_date,
    cal.working_day_number - c.start_day_number AS working_days_taken,
    c.status,
    core.in_start_of_care_measure(c.status) AS in_measure
FROM classified c
LEFT JOIN core.calendar cal ON cal.calendar_date = c.done_date
