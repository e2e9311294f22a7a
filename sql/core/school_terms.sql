-- model: core.school_terms
-- depends: core.reporting_years, ops.run_parameters
-- materialize: table
-- incremental: none, the terms hold no child's rows
-- description: School terms, from education.term_starts (the month and day each term starts, listed in order through the school year, the first being the start of the school year): a term runs from its start to the day before the next term starts, so the terms cover every day. Built for the calendar year before the first reporting year to the year after the run's as-at date. school_year is labelled like reporting years: '2023-24', or '2023' when the first listed term is also the first of the calendar year; term_number counts terms within the school year from 1.
-- check: unique(term_start)
-- check: unique(school_year, term_number)
-- check: not_null(term_start, term_end, school_year, term_number, term_label)
-- check: expect(term_end >= term_start)
WITH p AS (SELECT as_of_date, term_starts, term_starts[1] AS first_start FROM ops.run_parameters),
years AS (
    SELECT y
    FROM range(
        (SELECT year(min(year_start)) - 1 FROM core.reporting_years),
        (SELECT year(as_of_date) + 2 FROM p)) AS t(y)
),
month_days AS (
    -- each term's number within the school year, from the school year's first term
    SELECT month_day, row_number() OVER (ORDER BY month_day < first_start, month_day) AS term_number
    FROM (SELECT DISTINCT unnest(term_starts) AS month_day, first_start FROM p)
),
starts AS (
    SELECT
        make_date(y::BIGINT, CAST(split_part(month_day, '-', 1) AS INTEGER), CAST(split_part(month_day, '-', 2) AS INTEGER)) AS term_start,
        y - CASE WHEN month_day < p.first_start THEN 1 ELSE 0 END AS school_year_start,
        term_number,
        p.first_start = list_min(p.term_starts) AS calendar_school_year
    FROM years CROSS JOIN month_days CROSS JOIN p
),
terms AS (
    SELECT
        term_start,
        CAST(lead(term_start) OVER (ORDER BY term_start) - INTERVAL 1 DAY AS DATE) AS term_end,
        CASE WHEN calendar_school_year THEN school_year_start::VARCHAR
             ELSE school_year_start::VARCHAR || '-' || lpad(((school_year_start + 1) % 100)::VARCHAR, 2, '0')
        END AS school_year,
        term_number
    FROM starts
)
SELECT term_start, term_end, school_year, term_number, school_year || ' term ' || term_number AS term_label
FROM terms
WHERE term_end IS NOT NULL
