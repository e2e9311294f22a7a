-- model: marts.iro_challenges_summary
-- depends: marts.iro_challenges, core.reporting_years, core.looked_after_in_years, core.challenge_levels, core.challenge_categories
-- materialize: table
-- incremental: none, totals per year
-- description: IRO challenges per reporting year (by the date raised), in long form: one row for all challenges (dimension all, value all), one per level (dimension level) and one per category (dimension category), every level and category listed even when none was raised. challenges: raised in the year; challenges_previous_year: raised in the reporting year before (empty for the first year the warehouse holds); closed_challenges: those of the year since closed (resolved, escalated or withdrawn); median_working_days_to_resolution: the median working days from raised to closed of the closed ones (the mean of the middle two for an even count; empty when none is closed). looked_after_children: children looked after at any time in the year (up to the run date for the current year) in a period of care that is not made only of short breaks (legal status V3/V4; core.looked_after_in_years), whether or not they were challenged about; challenges_per_100_looked_after = 100 × challenges / looked_after_children, to one decimal place. sort_order lists the rows in the order a report shows them.
-- check: unique(reporting_year, dimension, value)
-- check: not_null(reporting_year, dimension, value, challenges, closed_challenges, looked_after_children)
-- check: accepted_values(dimension: all, level, category)
-- check: expect(closed_challenges <= challenges)
-- check: expect(challenges >= 0 AND coalesce(challenges_previous_year, 0) >= 0)
-- check: expect((closed_challenges = 0) = (median_working_days_to_resolution IS NULL))
-- check: expect(median_working_days_to_resolution >= 0 OR median_working_days_to_resolution IS NULL)
-- check: expect((looked_after_children = 0) = (challenges_per_100_looked_after IS NULL))
WITH years AS (
    SELECT reporting_year, year_start, year_end, eval_end,
        lag(reporting_year) OVER (ORDER BY year_start) AS previous_year
    FROM core.reporting_years
),
-- every value a dimension can take: all, then the levels, then the categories
dimensions AS (
    SELECT 'all' AS dimension, 'all' AS value, 0 AS sort_order
    UNION ALL
    SELECT 'level', level, sort_order FROM core.challenge_levels
    UNION ALL
    SELECT 'category', category, (SELECT count(*) FROM core.challenge_levels) + sort_order FROM core.challenge_categories
),
tagged AS (
    SELECT reporting_year, 'all' AS dimension, 'all' AS value, working_days_to_resolution FROM marts.iro_challenges
    UNION ALL
    SELECT reporting_year, 'level', level, working_days_to_resolution FROM marts.iro_challenges
    UNION ALL
    SELECT reporting_year, 'category', category, working_days_to_resolution FROM marts.iro_challenges
),
counted AS (
    SELECT reporting_year, dimension, value,
        count(*) AS challenges,
        count(working_days_to_resolution) AS closed_challenges,
        median(working_days_to_resolution) AS median_working_days_to_resolution
    FROM tagged
    GROUP BY ALL
),
looked_after AS (
    SELECT reporting_year, count(DISTINCT person_id) AS looked_after_children
    FROM core.looked_after_in_years
    GROUP BY ALL
)
SELECT
    y.reporting_year,
    d.dimension,
    d.value,
    coalesce(c.challenges, 0) AS challenges,
    CASE WHEN y.previous_year IS NOT NULL THEN coalesce(prev.challenges, 0) END AS challenges_previous_year,
    coalesce(c.closed_challenges, 0) AS closed_challenges,
    c.median_working_days_to_resolution,
    coalesce(l.looked_after_children, 0) AS looked_after_children,
    CASE WHEN l.looked_after_children > 0
        THEN round(100 * coalesce(c.challenges, 0) / l.looked_after_children, 1) END AS challenges_per_100_looked_after,
    d.sort_order
FROM years y
CROSS JOIN dimensions d
LEFT JOIN counted c ON c.reporting_year = y.reporting_year AND c.dimension = d.dimension AND c.value = d.value
LEFT JOIN counted prev ON prev.reporting_year = y.previous_year AND prev.dimension = d.dimension AND prev.value = d.value
LEFT JOIN looked_after l ON l.reporting_year = y.reporting_year
