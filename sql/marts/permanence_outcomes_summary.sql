-- model: marts.permanence_outcomes_summary
-- depends: marts.permanence_outcomes, core.reporting_years
-- materialize: table
-- incremental: none, totals per year
-- description: One row per reporting year per outcome group of marts.permanence_outcomes (every group every year, zero when none): periods_ended counts the periods of care that ended in the year with that outcome; children counts the children whose last period ended in the year ended with that outcome (a child who ceased care twice counts once, by the last occasion); children_ceased is all children who ceased care in the year (the same for every outcome of a year), so children / children_ceased is the outcome's share. legal_permanence and permanence_incl_return_home say which KPIs the outcome counts towards.
-- check: unique(reporting_year, outcome)
-- check: not_null(reporting_year, outcome, periods_ended, children, children_ceased, legal_permanence, permanence_incl_return_home)
-- check: accepted_values(outcome: adoption, special_guardianship, child_arrangements_order, returned_home_planned, returned_home_unplanned, staying_put, independent_living, other)
-- check: expect(children <= periods_ended AND children <= children_ceased)
WITH outcomes(outcome, sort_order, legal_permanence, permanence_incl_return_home) AS (
    VALUES ('adoption', 1, true, true),
        ('special_guardianship', 2, true, true),
        ('child_arrangements_order', 3, true, true),
        ('returned_home_planned', 4, false, true),
        ('returned_home_unplanned', 5, false, false),
        ('staying_put', 6, false, false),
        ('independent_living', 7, false, false),
        ('other', 8, false, false)
),
counts AS (
    SELECT reporting_year, outcome,
        count(*) AS periods_ended,
        count(*) FILTER (WHERE last_in_year) AS children
    FROM marts.permanence_outcomes
    GROUP BY reporting_year, outcome
),
ceased AS (
    SELECT reporting_year, count(*) AS children_ceased
    FROM marts.permanence_outcomes
    WHERE last_in_year
    GROUP BY reporting_year
)
SELECT
    y.reporting_year,
    o.outcome,
    o.sort_order,
    coalesce(c.periods_ended, 0) AS periods_ended,
    coalesce(c.children, 0) AS children,
    coalesce(s.children_ceased, 0) AS children_ceased,
    o.legal_permanence,
    o.permanence_incl_return_home
FROM core.reporting_years y
CROSS JOIN outcomes o
LEFT JOIN counts c ON c.reporting_year = y.reporting_year AND c.outcome = o.outcome
LEFT JOIN ceased s ON s.reporting_year = y.reporting_year
