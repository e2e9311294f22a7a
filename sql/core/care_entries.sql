-- model: core.care_entries
-- depends: core.periods_of_care, core.reporting_years, core.calendar, staging.person
-- materialize: table
-- description: One row per period of care (not short breaks only) that started in a reporting year, by the run's as-at date: the child's age on the day, the start's running working-day number, and the 10th and 20th working days after it, the deadlines of the initial PEP and the initial health assessment.
-- check: unique(period_id)
-- check: not_null(period_id, person_id, reporting_year, period_start, start_day_number, due_10_working_days, due_20_working_days)
-- check: relationship(period_id -> core.periods_of_care.period_id)
SELECT
    pc.period_id,
    pc.person_id,
    pc.period_start,
    pc.period_end,
    y.reporting_year,
    year(pc.period_start) - year(pe.dob)
        - CASE WHEN strftime(pc.period_start, '%m%d') < strftime(pe.dob, '%m%d') THEN 1 ELSE 0 END AS age_at_start,
    c0.working_day_number AS start_day_number,
    c10.calendar_date AS due_10_working_days,
    c20.calendar_date AS due_20_working_days
FROM core.periods_of_care pc
JOIN core.reporting_years y ON pc.period_start BETWEEN y.year_start AND y.eval_end
JOIN core.calendar c0 ON c0.calendar_date = pc.period_start
JOIN core.calendar c10 ON c10.working_day_number = c0.working_day_number + 10 AND c10.is_working_day
JOIN core.calendar c20 ON c20.working_day_number = c0.working_day_number + 20 AND c20.is_working_day
LEFT JOIN staging.person pe ON pe.person_id = pc.person_id
WHERE NOT pc.short_breaks_only
