-- model: staging.cla_visits
-- depends: raw.cla_visits, raw.cla_episodes
-- materialize: view
-- incremental: person_id
-- description: Social worker visits to looked-after children, the child taken from the visit's episode where the source names none. A visit whose child is unknown (its episode not in the extract, or quarantined) is quarantined (ops.quarantine, rule unknown_episode) and left out.
-- check: unique(visit_id)
-- check: not_null(person_id)
SELECT v.visit_id, coalesce(v.person_id, e.person_id) AS person_id, v.episode_id, coalesce(v.cla_id, e.cla_id) AS cla_id,
    v.visit_date, v.seen, v.seen_alone, v._source, v._line
FROM raw.cla_visits v
LEFT JOIN raw.cla_episodes e ON e.episode_id = v.episode_id
WHERE coalesce(v.person_id, e.person_id) IS NOT NULL
