-- model: staging.cla_placements
-- depends: raw.cla_placements, staging.cla_placement_children
-- materialize: table
-- incremental: person_id
-- description: Placements of a known child (staging.cla_placement_children); a placement whose child no row names is quarantined (ops.quarantine, rule unknown_episode).
-- check: unique(placement_id)
-- check: not_null(person_id)
SELECT
    p.placement_id,
    c.person_id,
    p.episode_id,
    p.cla_id,
    p.start_date,
    p.end_date,
    p.placement_type,
    p.provider,
    p.change_reason,
    p._source, p._line
FROM raw.cla_placements p
JOIN staging.cla_placement_children c USING (placement_id)
WHERE c.person_id IS NOT NULL
