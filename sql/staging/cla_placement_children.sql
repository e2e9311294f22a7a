-- model: staging.cla_placement_children
-- depends: raw.cla_placements, raw.cla_episodes
-- materialize: table
-- incremental: none, a placement's child may come from another child's episode that points at it, and a placement no row places has no child
-- description: Each placement with its child: from the placement's own person column, else its episode, else the episodes that point at it; null when none says (the placement is then quarantined, rule unknown_episode, and left out of staging.cla_placements).
-- check: unique(placement_id)
SELECT
    p.placement_id,
    coalesce(p.person_id, own.person_id, pointing.person_id) AS person_id,
    p.episode_id,
    p._source,
    p._line
FROM raw.cla_placements p
LEFT JOIN raw.cla_episodes own ON own.episode_id = p.episode_id
LEFT JOIN (
    SELECT placement_id, any_value(person_id) AS person_id
    FROM raw.cla_episodes
    WHERE placement_id IS NOT NULL
    GROUP BY placement_id
) pointing ON pointing.placement_id = p.placement_id
