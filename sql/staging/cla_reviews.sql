-- model: staging.cla_reviews
-- depends: raw.cla_reviews, raw.cla_episodes, staging.involvements
-- materialize: table
-- incremental: person_id
-- description: LAC reviews with the child taken from the review's episode and, where the source names none, the IRO allocated to the child on the review date. Reviews whose episode is not in the extract are quarantined (ops.quarantine, rule unknown_episode).
-- check: unique(review_id)
-- check: not_null(review_id, person_id)
-- check: relationship(episode_id -> raw.cla_episodes.episode_id)
-- warn: accepted_values(participation: PN0, PN1, PN2, PN3, PN4, PN5, PN6, PN7)
SELECT
    r.review_id,
    coalesce(r.person_id, e.person_id) AS person_id,
    r.episode_id,
    coalesce(r.cla_id, e.cla_id) AS cla_id,
    r.due_date AS recorded_due_date,
    r.review_date,
    coalesce(r.cancelled, false) AS cancelled,
    r.participation,
    coalesce(r.iro_id, iro.professional_id) AS iro_id,
    r._source, r._line
FROM raw.cla_reviews r
LEFT JOIN raw.cla_episodes e ON e.episode_id = r.episode_id
ASOF LEFT JOIN (SELECT * FROM staging.involvements WHERE role = 'iro') iro
    ON iro.person_id = coalesce(r.person_id, e.person_id) AND r.review_date >= iro.start_date
WHERE coalesce(r.person_id, e.person_id) IS NOT NULL
