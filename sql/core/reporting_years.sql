-- model: core.reporting_years
-- depends: ops.run_parameters, staging.cla_reviews, staging.cp_conferences, staging.cp_reviews
-- materialize: table
-- description: Reporting years (financial years by default, starting in the month reporting.year_start_month) from the first year with a LAC review, an initial child protection conference or a CP review to the year containing the run's as-at date. A year is complete when it ended before the as-at date; eval_end is the year's end, or the as-at date for the current year.
-- check: unique(reporting_year)
-- check: not_null(reporting_year, year_start, year_end, eval_end)
WITH p AS (SELECT * FROM ops.run_parameters),
bounds AS (
    SELECT
        year(d) - CASE WHEN month(d) < p.year_start_month THEN 1 ELSE 0 END AS first_year,
        year(p.as_of_date) - CASE WHEN month(p.as_of_date) < p.year_start_month THEN 1 ELSE 0 END AS last_year
    FROM p, (
        SELECT coalesce(least(
            (SELECT min(review_date) FROM staging.cla_reviews),
            (SELECT min(icpc_date) FROM staging.cp_conferences),
            (SELECT min(review_date) FROM staging.cp_reviews)), (SELECT as_of_date FROM p)) AS d)
),
years AS (
    SELECT y, make_date(y::BIGINT, p.year_start_month, 1) AS year_start, p.year_start_month, p.as_of_date
    FROM bounds, p, range(bounds.first_year, bounds.last_year + 1) AS t(y)
)
SELECT
    CASE WHEN year_start_month = 1 THEN y::VARCHAR
         ELSE y::VARCHAR || '-' || lpad(((y + 1) % 100)::VARCHAR, 2, '0') END AS reporting_year,
    year_start,
    CAST(year_start + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE) AS year_end,
    least(CAST(year_start + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE), as_of_date) AS eval_end,
    CAST(year_start + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE) < as_of_date AS complete
FROM years
