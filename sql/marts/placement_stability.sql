-- model: marts.placement_stability
-- depends: core.looked_after_year_ends, core.placement_episodes, staging.person, core.age_on
-- materialize: table
-- incremental: person_id
-- description: One row per reporting year per child looked after at the end of the year (31 March, or the run's as-at date for the current year), as core.looked_after_year_ends defines it for every mart (DfE SSDA903: an episode covers the date, an episode ending on the day does not, and its legal status is not V3/V4 short breaks). Short-term stability: placements_in_year counts the child's placements held at any time in the year: the placement the child was in when the year began plus every new placement started in the year (a new placement starts with reason for new episode S, P or B; T and U moves, with the same carer, and L legal status changes do not count; episodes of short-break periods are not counted); placement_starts_in_year counts the new placements started in the year only; three_or_more_placements is placements_in_year >= 3. Long-term stability: long_term_cohort marks children under 16 on the date who had been looked after continuously (the current period of care) for at least 2.5 years (period started on or before the date minus 30 months); carer_since is when the child's current carer began (a run of episodes joined by L, T or U, or an adoption placement with the child's own foster carer, placement A3/A5 after a foster placement, is the same carer); same_carer_2_years is carer_since on or before the date minus 2 years. age_at_date is empty when the child's person row is not in the extract or was quarantined (ops.quarantine names it): such a child is not in the long-term cohort.
-- check: unique(reporting_year, person_id)
-- check: not_null(reporting_year, as_at_date, person_id, period_id, period_start, placements_in_year, placement_starts_in_year, three_or_more_placements, long_term_cohort, carer_since, same_carer_2_years)
-- check: relationship(reporting_year -> core.reporting_years.reporting_year)
-- check: expect(placements_in_year >= 1 AND placement_starts_in_year <= placements_in_year)
-- check: expect(three_or_more_placements = (placements_in_year >= 3))
-- check: expect(carer_since >= period_start AND carer_since <= as_at_date)
-- warn: relationship(person_id -> staging.person.person_id or quarantined)
WITH looked_after AS (SELECT * FROM core.looked_after_year_ends),
placements AS (
    SELECT person_id, period_id, placement_number,
        min(episode_start_date) AS placement_start,
        CASE WHEN bool_or(episode_end_date IS NULL) THEN NULL ELSE max(episode_end_date) END AS placement_end
    FROM core.placement_episodes
    WHERE NOT short_breaks_only
    GROUP BY person_id, period_id, placement_number
),
placements_in_year AS (
    SELECT l.reporting_year, l.person_id,
        count(*) AS placements_in_year,
        count(*) FILTER (WHERE pl.placement_start >= l.year_start) AS placement_starts_in_year
    FROM looked_after l
    JOIN placements pl
        ON pl.person_id = l.person_id
        AND pl.placement_start <= l.as_at_date
        AND (pl.placement_end IS NULL OR pl.placement_end >= l.year_start)
    GROUP BY l.reporting_year, l.person_id
),
current_carer AS (
    -- the episode the child was in on the date; carer start dates only grow through a period
    SELECT l.reporting_year, l.person_id,
        max(e.carer_start_date) AS carer_start_date,
        arg_max(e.placement_type, e.episode_start_date) AS placement_type
    FROM looked_after l
    JOIN core.placement_episodes e ON e.period_id = l.period_id AND e.episode_start_date <= l.as_at_date
    GROUP BY l.reporting_year, l.person_id
),
aged AS (
    SELECT l.*,
        core.age_on(pe.dob, l.as_at_date) AS age_at_date
    FROM looked_after l
    LEFT JOIN staging.person pe ON pe.person_id = l.person_id
)
SELECT
    a.reporting_year,
    a.as_at_date,
    a.person_id,
    a.period_id,
    a.period_start,
    a.age_at_date,
    c.placement_type,
    py.placements_in_year,
    py.placement_starts_in_year,
    py.placements_in_year >= 3 AS three_or_more_placements,
    coalesce(a.age_at_date < 16, false)
        AND a.period_start <= CAST(a.as_at_date - INTERVAL 30 MONTH AS DATE) AS long_term_cohort,
    c.carer_start_date AS carer_since,
    a.as_at_date - c.carer_start_date AS days_with_carer,
    c.carer_start_date <= CAST(a.as_at_date - INTERVAL 2 YEAR AS DATE) AS same_carer_2_years
FROM aged a
JOIN placements_in_year py USING (reporting_year, person_id)
JOIN current_carer c USING (reporting_year, person_id)
