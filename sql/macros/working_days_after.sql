-- model: core.working_days_after
-- depends: core.calendar
-- materialize: macro
-- description: core.working_days_after(from_date, n): the Nth working day after a date (core.calendar: Monday to Friday, not an England and Wales bank holiday), the deadline of a statutory clock counted in working days (LAC review 1 and the initial health assessment: 20; the initial PEP: 10; the initial child protection conference: 15; a formal IRO challenge: 20). The date itself does not count, working day or not: the 1st working day after a Friday, or a Saturday, is the Monday unless it is a bank holiday. Null when from_date is null or the answer falls outside core.calendar (1990 to 2060).
(from_date, n) AS (
    SELECT due.calendar_date
    FROM core.calendar start_day
    JOIN core.calendar due ON due.working_day_number = start_day.working_day_number + n AND due.is_working_day
    WHERE start_day.calendar_date = from_date
)
