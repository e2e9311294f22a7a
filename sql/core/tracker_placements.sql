-- model: core.tracker_placements
-- depends: staging.cla_episodes, core.periods_of_care
-- materialize: table
-- incremental: person_id
-- build: in slices of children
-- description: Placements as a child lived them: a new placement starts with an episode whose reason for new episode is S, P or B (or T or U, a move to a new placement with the same carer); episodes with reason L (legal status change only) continue the placement. new_carer is false for T and U moves, which the DfE's stability measures do not count as a new placement.
-- check: unique(person_id, spell_start)
-- check: not_null(person_id, period_id, spell_start, start_reason, new_carer)
WITH placed AS (
    -- the period of care an episode belongs to: the last to start on or before it (staging
    -- episodes do not overlap, so neither do periods; an episode starting the day one period
    -- ends and the next begins belongs to the later). An ASOF join sorts; the range join and
    -- window it replaced needed more than 1GB at 150 councils.
    SELECT e.episode_id, e.person_id, e.episode_start_date, e.episode_end_date, e.start_reason,
        e.placement_type, e.placement_id, p.period_id
    FROM staging.cla_episodes e
    ASOF JOIN core.periods_of_care p
        ON p.person_id = e.person_id
        AND e.episode_start_date >= p.period_start
    WHERE e.episode_start_date <= coalesce(p.period_end, DATE '9999-12-31')
),
numbered AS (
    -- one window: a placement starts with every episode but an L, and with the first
    SELECT person_id, period_id, episode_start_date, episode_end_date, start_reason, placement_type, placement_id,
        count(*) FILTER (WHERE start_reason <> 'L' OR start_reason IS NULL) OVER w
            + CASE WHEN first_value(start_reason) OVER w = 'L' THEN 1 ELSE 0 END AS spell_number
    FROM placed
    WINDOW w AS (PARTITION BY period_id ORDER BY episode_start_date, episode_id)
)
SELECT
    person_id,
    period_id,
    spell_number,
    min(episode_start_date) AS spell_start,
    CASE WHEN bool_or(episode_end_date IS NULL) THEN NULL ELSE max(episode_end_date) END AS spell_end,
    arg_min(start_reason, episode_start_date) AS start_reason,
    arg_min(start_reason, episode_start_date) NOT IN ('T', 'U') AS new_carer,
    arg_max(placement_type, episode_start_date) AS placement_type,
    arg_max(placement_id, episode_start_date) AS placement_id
FROM numbered
GROUP BY person_id, period_id, spell_number
