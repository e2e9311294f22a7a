-- model: staging.life_story_work
-- depends: raw.life_story_work
-- materialize: view
-- incremental: person_id
-- description: Life story work started and completed, one row per child (local form).
-- check: unique(person_id)
SELECT person_id, started_date, completed_date, _source, _line
FROM raw.life_story_work
