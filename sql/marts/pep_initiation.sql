-- model: marts.pep_initiation
-- depends: core.care_entries, core.periods_of_care, core.calendar, staging.cla_pep, ops.run_parameters, core.start_of_care_status, core.in_start_of_care_measure
-- materialize: table
-- description: One row per period of care (not short breaks only) whose child became looked after in a reporting year, by the run's as-at date (core.care_entries: a period whose start is unknown, the child being already looked after when the source's history begins, is left out, docs/domain.md §3a), of a child of school age when it started (school age: aged 5 to 15 on the day the period started; children whose date of birth is unknown are left out): the initial personal education plan's due date, the 10th working day after the child became looked after (statutory guidance on promoting the education of looked-after children), and the first completed initial PEP (pep_type initial) dated from the period's start to its end (or the as-at date). status: on_time (on or before the due date), late, not_done (none and the due date has passed), not_yet_due (none, due on or after the as-at date), left_care_before_due (none and the child left care on or before the due date). in_measure (on_time, late, not_done) is the denominator of KPI PEP_INITIATED_ON_TIME (numerator: on_time), counted in the year the child became looked after.
-- check: unique(period_id)
-- check: not_null(period_id, person_id, reporting_year, period_start, age_at_start, due_date, status, in_measure)
-- check: accepted_values(status: on_time, late, not_done, not_yet_due, left_care_before_due)
-- check: expect(age_at_start BETWEEN 5 AND 15)
-- check: expect(in_measure = (status IN ('on_time', 'late', 'not_done')))
-- check: expect((pep_date IS NOT NULL) = (status IN ('on_time', 'late')))
-- check: relationship(period_id -> core.periods_of_care.period_id)
WITH p AS (SELECT as_of_date FROM ops.run_parameters),
due AS (
    SELECT period_id, person_id, period_start, period_end, reporting_year, age_at_start, start_day_number,
        due_10_working_days AS due_date
    FROM core.care_entries
    WHERE age_at_start BETWEEN 5 AND 15
),
first_pep AS (
    SELECT d.period_id, min(e.pep_date) AS pep_date
    FROM due d
    CROSS JOIN p
    JOIN staging.cla_pep e
        ON e.person_id = d.person_id
        AND e.pep_type = 'initial'
        AND e.status = 'completed'
        AND e.pep_date >= d.period_start
        AND e.pep_date <= least(coalesce(d.period_end, p.as_of_date), p.as_of_date)
    GROUP BY ALL
),
classified AS (
    SELECT d.*, f.pep_date,
        core.start_of_care_status(f.pep_date, d.due_date, d.period_end, p.as_of_date) AS status
    FROM due d
    CROSS JOIN p
    LEFT JOIN first_pep f USING (period_id)
)
SELECT
    c.period_id,
    c.person_id,
    c.reporting_year,
    c.period_start,
    c.period_end,
    c.age_at_start,
    c.due_date,
    c.pep_date,
    cal.working_day_number - c.start_day_number AS working_days_taken,
    c.status,
    core.in_start_of_care_measure(c.status) AS in_measure
FROM classified c
LEFT JOIN core.calendar cal ON cal.calendar_date = c.pep_date
