-- model: core.open_during
-- materialize: macro
-- description: core.open_during(start_date, end_date, from_date, to_date): whether a spell (a period of care, a child protection plan) was open at some time from from_date to to_date, both counted: it started on or before to_date and had not ended before from_date (end_date null: still open). "Looked after in a year" is a period of care open during it (core.looked_after_in_years); "looked after on a date" is core.looked_after_year_ends.
(start_date, end_date, from_date, to_date) AS
    start_date <= to_date AND (end_date IS NULL OR end_date >= from_date)
