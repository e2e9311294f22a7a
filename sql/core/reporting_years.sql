-- model: core.reporting_years
-- depends: ops.run_parameters, core.source_coverage, staging.cp_conferences, staging.cp_reviews
-- materialize: table
-- incremental: none, one row per year, from the whole source's coverage
-- description: Reporting years (financial years by default, starting in the month reporting.year_start_month): the years the source covers (docs/domain.md §3a), from the year holding its coverage start (core.source_coverage: an SSDA903 source's first collection year, an SSD source's source.history_start, or its earliest episode start) to the year containing the run's as-at date. A source with no episodes (a CIN census) starts with the year of its first initial child protection conference or CP review. A year is complete when the as-at date is on or after its last day (a one-year SSDA903 return, as at 31 March, is a complete year); eval_end is the year's end, or the as-at date for the current year.
-- check: unique(reporting_year)
-- check: not_null(reporting_year, year_start, year_end, eval_end)
WITH p AS (SELECT * FROM ops.run_parameters),
first_day AS (
    SELECT least(coalesce(
        (SELECT coverage_start FROM core.source_coverage),
        least((SELECT min(icpc_date) FROM staging.cp_conferences), (SELECT min(review_date) FROM staging.cp_reviews)),
        p.as_of_date), p.as_of_date) AS d
    FROM p
),
bounds AS (
    SELECT
        year(d) - CASE WHEN month(d) < p.year_start_month THEN 1 ELSE 0 END AS first_year,
        year(p.as_of_date) - CASE WHEN month(p.as_of_date) < p.year_start_month THEN 1 ELSE 0 END AS last_year
    FROM p, first_day
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
    CAST(year_start + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE) <= as_of_date AS complete
FROM years
