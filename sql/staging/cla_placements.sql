-- model: staging.cla_placements
-- depends: raw.cla_placements, raw.cla_episodes
-- materialize: table
-- description: Placements; the child comes from the placement's own person column, its episode, or the episodes that point at it.
-- check: unique(placement_id)
-- warn: not_null(person_id)
SELECT
    p.placement_id,
    coalesce(p.person_id, own.person_id, pointing.person_id) AS person_id,
    p.episode_id,
    p.cla_id,
    p.start_date,
    p.end_date,
    p.placement_type,
    p.provider,
    p.change_reason,
    p._source, p._line
FROM raw.cla_placements p
LEFT JOIN raw.cla_episodes own ON own.episode_id = p.episode_id
LEFT JOIN (
    SELECT placement_id, any_value(person_id) AS person_id
    FROM raw.cla_episodes
    WHERE placement_id IS NOT NULL
    GROUP BY placement_id
) pointing ON pointing.placement_id = p.placement_id
