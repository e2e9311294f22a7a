-- model: staging.cla_episodes
-- depends: staging.cla_episode_resolution
-- materialize: table
-- incremental: person_id
-- description: Episodes of care as the warehouse uses them: the episodes staging.cla_episode_resolution keeps, with its resolved start reason, end date and reason episode ceased. A child has at most one episode starting on a day, and an episode ends on or before the next one starts; every change to a source row is in ops.data_fixes and every episode left out is in ops.quarantine, with its file and line. An episode whose legal status is unknown (ops.data_fixes, rule legal_status_unknown) counts as looked after, not as a short break.
-- check: unique(episode_id)
-- check: unique(person_id, episode_start_date)
-- check: not_null(person_id, episode_start_date, start_reason)
-- check: expect(next_start IS NULL OR (episode_end_date IS NOT NULL AND episode_end_date <= next_start))
SELECT
    episode_id,
    person_id,
    cla_id,
    entered_care_date,
    episode_start_date,
    start_reason,
    legal_status,
    need_code,
    placement_id,
    placement_type,
    placement_provider,
    episode_end_date,
    end_reason,
    place_change_reason,
    lead(episode_start_date) OVER (PARTITION BY person_id ORDER BY episode_start_date) AS next_start,
    _source,
    _line
FROM staging.cla_episode_resolution
WHERE kept
