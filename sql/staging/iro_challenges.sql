-- model: staging.iro_challenges
-- depends: raw.iro_challenges
-- materialize: view
-- incremental: person_id
-- description: Challenges raised by IROs under the dispute resolution protocol (local form).
-- check: unique(challenge_id)
-- check: not_null(person_id, raised_date, category, level)
SELECT challenge_id, person_id, iro_id, raised_date, category, level, resolved_date, outcome, team_challenged, _source, _line
FROM raw.iro_challenges
