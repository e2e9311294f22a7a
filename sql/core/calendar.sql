-- model: core.calendar
-- depends: ops.bank_holidays
-- materialize: table
-- incremental: none, the calendar holds no child's rows
-- description: Every day from 1990 to 2060: whether it is a working day (Monday to Friday and not an England and Wales bank holiday, from ops.bank_holidays) and a running count of working days, so "N working days after D" is the working day whose count is D's count plus N. holidays_known is false for years the bank-holiday list does not cover.
-- check: unique(calendar_date)
-- check: not_null(calendar_date, is_working_day, working_day_number)
WITH days AS (
    SELECT CAST(d AS DATE) AS calendar_date
    FROM range(DATE '1990-01-01', DATE '2061-01-01', INTERVAL 1 DAY) AS t(d)
),
covered AS (
    SELECT min(year(holiday_date)) AS first_year, max(year(holiday_date)) AS last_year
    FROM ops.bank_holidays
),
flagged AS (
    SELECT
        days.calendar_date,
        isodow(days.calendar_date) <= 5 AND h.holiday_date IS NULL AS is_working_day,
        h.name AS holiday_name,
        year(days.calendar_date) BETWEEN covered.first_year AND covered.last_year AS holidays_known
    FROM days
    CROSS JOIN covered
    LEFT JOIN ops.bank_holidays h ON h.holiday_date = days.calendar_date
)
SELECT
    calendar_date,
    is_working_day,
    holiday_name,
    coalesce(holidays_known, false) AS holidays_known,
    sum(CASE WHEN is_working_day THEN 1 ELSE 0 END) OVER (ORDER BY calendar_date) AS working_day_number
FROM flagged
