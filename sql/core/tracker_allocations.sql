-- model: core.tracker_allocations
-- depends: staging.involvements, staging.professionals, ops.run_parameters
-- materialize: table
-- incremental: person_id
-- description: Each child's IRO and social worker on the run's as-at date (the involvement open on that date that started last; of two that started the same day, the one later in the source, by file then line), and the child's team: the social worker's involvement team, else the social worker's own team.
-- check: unique(person_id)
-- check: not_null(person_id)
WITH p AS (SELECT as_of_date FROM ops.run_parameters),
open_involvements AS (
    SELECT i.*
    FROM staging.involvements i, p
    WHERE i.start_date <= p.as_of_date AND (i.end_date IS NULL OR i.end_date >= p.as_of_date)
    QUALIFY row_number() OVER (PARTITION BY i.person_id, i.role ORDER BY i.start_date DESC, i._source DESC, i._line DESC, i.involvement_id DESC) = 1
)
SELECT
    o.person_id,
    any_value(o.professional_id) FILTER (WHERE o.role = 'iro') AS iro_id,
    any_value(o.professional_id) FILTER (WHERE o.role = 'social_worker') AS social_worker_id,
    coalesce(any_value(o.team) FILTER (WHERE o.role = 'social_worker'),
             any_value(pr.team) FILTER (WHERE o.role = 'social_worker')) AS team
FROM open_involvements o
LEFT JOIN staging.professionals pr USING (professional_id)
GROUP BY o.person_id
