-- model: marts.care_flows
-- depends: core.periods_of_care, core.reporting_years, core.looked_after_year_ends, marts.permanence_outcomes
-- materialize: table
-- incremental: none, totals per year
-- description: Children starting and ceasing care and children looked after at the year's end, one row per reporting year, counted by the DfE's SSDA903 conventions (docs/domain.md §3a), the figures a board compares with the DfE's published statistics. periods_started / children_started: periods of care that began in the year (to the run's as-at date for the current year) with reason for new episode S, leaving out periods whose first episode is a V3/V4 short break (a period that began under short breaks and went on under another status is not a start, though for its reviews and assessments it became looked after on its first other episode: core.periods_of_care.care_start); a child who started twice counts once. periods_ceased / children_ceased: periods whose last episode ended in the year and was not a V3/V4 short break (marts.permanence_outcomes, which gives the reason, that last episode's REC). looked_after_at_end: children looked after on the year's end (31 March, or the as-at date for the current year), as core.looked_after_year_ends defines it for every mart: an episode covers the date and its legal status is not V3/V4.
-- check: unique(reporting_year)
-- check: not_null(reporting_year, year_start, as_at_date, periods_started, children_started, periods_ceased, children_ceased, looked_after_at_end)
-- check: relationship(reporting_year -> core.reporting_years.reporting_year)
-- check: expect(children_started <= periods_started AND children_ceased <= periods_ceased)
WITH started AS (
    SELECT y.reporting_year, count(*) AS periods_started, count(DISTINCT p.person_id) AS children_started
    FROM core.reporting_years y
    JOIN core.periods_of_care p ON p.period_start BETWEEN y.year_start AND y.eval_end
    WHERE p.first_start_reason = 'S'
        AND (p.first_legal_status IS NULL OR p.first_legal_status NOT IN ('V3', 'V4'))
    GROUP BY y.reporting_year
),
ceased AS (
    SELECT reporting_year, count(*) AS periods_ceased, count(*) FILTER (WHERE last_in_year) AS children_ceased
    FROM marts.permanence_outcomes
    GROUP BY reporting_year
),
at_end AS (
    SELECT reporting_year, count(*) AS looked_after_at_end
    FROM core.looked_after_year_ends
    GROUP BY reporting_year
)
SELECT
    y.reporting_year,
    y.year_start,
    y.eval_end AS as_at_date,
    coalesce(s.periods_started, 0) AS periods_started,
    coalesce(s.children_started, 0) AS children_started,
    coalesce(c.periods_ceased, 0) AS periods_ceased,
    coalesce(c.children_ceased, 0) AS children_ceased,
    coalesce(e.looked_after_at_end, 0) AS looked_after_at_end
FROM core.reporting_years y
LEFT JOIN started s ON s.reporting_year = y.reporting_year
LEFT JOIN ceased c ON c.reporting_year = y.reporting_year
LEFT JOIN at_end e ON e.reporting_year = y.reporting_year
