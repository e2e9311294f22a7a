-- model: staging.cla_episodes
-- depends: raw.cla_episodes, raw.legal_status, raw.cla_placements
-- materialize: table
-- description: Episodes of care. Where the source carries no legal status or placement on the episode (the SSD keeps them in ssd_legal_status and ssd_cla_placement), they are taken from the legal status in force on the episode's start date and from the episode's placement.
-- check: unique(episode_id)
-- check: not_null(person_id, episode_start_date, start_reason)
-- warn: not_null(legal_status)
SELECT
    e.episode_id,
    e.person_id,
    e.cla_id,
    e.entered_care_date,
    e.episode_start_date,
    e.start_reason,
    coalesce(e.legal_status,
        CASE WHEN ls.end_date IS NULL OR ls.end_date >= e.episode_start_date THEN ls.legal_status END) AS legal_status,
    e.need_code,
    e.placement_id,
    coalesce(e.placement_type, p.placement_type) AS placement_type,
    coalesce(e.placement_provider, p.provider) AS placement_provider,
    e.episode_end_date,
    e.end_reason,
    coalesce(e.place_change_reason, p.change_reason) AS place_change_reason,
    e._line
FROM raw.cla_episodes e
ASOF LEFT JOIN raw.legal_status ls
    ON ls.person_id = e.person_id AND e.episode_start_date >= ls.start_date
LEFT JOIN raw.cla_placements p ON p.placement_id = e.placement_id
