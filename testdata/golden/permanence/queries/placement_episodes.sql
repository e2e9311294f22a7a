-- compare: as a set
SELECT episode_id, starts_placement, starts_carer, placement_number, placement_start_date, carer_start_date
FROM core.placement_episodes
WHERE person_id IN ({{person: P13, P20, P22, P23, P25}})
