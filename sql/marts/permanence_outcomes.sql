-- model: marts.permanence_outcomes
-- depends: core.periods_of_care, core.reporting_years, staging.person, core.age_on
-- materialize: table
-- incremental: person_id
-- description: One row per period of care that ended in a reporting year (up to the run's as-at date for the current year), counted as the DfE's SSDA903 statistics count children ceasing care: the period's last episode ended in the year and its legal status is not V3/V4 (short breaks; so a period of short breaks only never counts, and one that began under short breaks and ended under another status does); the reason is that last episode's REC, and adoptions, special guardianship and child arrangements orders are counted from these periods only. when and why the child ceased to be looked after, and the outcome group of the reason episode ceased of the period's last episode: adoption (E11, E12), special_guardianship (E45-E48, and the historical E43/E44), child_arrangements_order (E41), returned_home_planned (E4A), returned_home_unplanned (E4B), staying_put (E17), independent_living (E5, E6), other (every other reason, e.g. E13, E2, E3, E8, and a period whose last episode has no reason or X1 (a new episode was due to follow the same day but is missing from the extract), each explained by its source row in ops.data_fixes (missing_end_reason, x1_without_successor) or ops.quarantine (bad_value)). legal_permanence: adoption, special guardianship or child arrangements order; permanence_incl_return_home: legal permanence or a planned return home (E4A). A child who ceased care more than once in the year has a row for each period; last_in_year marks the last, which alone is counted in the children figures and KPIs (as the DfE counts children who ceased to be looked after).
-- check: unique(period_id)
-- check: not_null(reporting_year, period_id, person_id, period_start, period_end, outcome, legal_permanence, permanence_incl_return_home, last_in_year)
-- check: accepted_values(outcome: adoption, special_guardianship, child_arrangements_order, returned_home_planned, returned_home_unplanned, staying_put, independent_living, other)
-- check: relationship(reporting_year -> core.reporting_years.reporting_year)
-- check: expect(NOT legal_permanence OR permanence_incl_return_home)
-- check: expect(period_end >= period_start)
WITH ended AS (
    SELECT y.reporting_year, p.period_id, p.person_id, p.period_start, p.period_end, p.end_reason
    FROM core.periods_of_care p
    JOIN core.reporting_years y ON p.period_end BETWEEN y.year_start AND y.eval_end
    -- DfE SSDA903: a period whose last episode is a short break (V3/V4) is not counted as ceasing care
    WHERE p.latest_legal_status IS NULL OR p.latest_legal_status NOT IN ('V3', 'V4')
),
classified AS (
    SELECT *,
        CASE
            WHEN end_reason IN ('E11', 'E12') THEN 'adoption'
            WHEN end_reason IN ('E45', 'E46', 'E47', 'E48', 'E43', 'E44') THEN 'special_guardianship'
            WHEN end_reason = 'E41' THEN 'child_arrangements_order'
            WHEN end_reason = 'E4A' THEN 'returned_home_planned'
            WHEN end_reason = 'E4B' THEN 'returned_home_unplanned'
            WHEN end_reason = 'E17' THEN 'staying_put'
            WHEN end_reason IN ('E5', 'E6') THEN 'independent_living'
            ELSE 'other'
        END AS outcome
    FROM ended
)
SELECT
    c.reporting_year,
    c.period_id,
    c.person_id,
    c.period_start,
    c.period_end,
    c.period_end - c.period_start AS days_in_care,
    core.age_on(pe.dob, c.period_end) AS age_at_end,
    c.end_reason,
    c.outcome,
    c.outcome IN ('adoption', 'special_guardianship', 'child_arrangements_order') AS legal_permanence,
    c.outcome IN ('adoption', 'special_guardianship', 'child_arrangements_order', 'returned_home_planned') AS permanence_incl_return_home,
    row_number() OVER (PARTITION BY c.reporting_year, c.person_id ORDER BY c.period_end DESC, c.period_start DESC) = 1 AS last_in_year
FROM classified c
LEFT JOIN staging.person pe ON pe.person_id = c.person_id
