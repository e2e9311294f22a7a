-- model: staging.involvements
-- depends: raw.involvements
-- materialize: view
-- incremental: person_id
-- description: Which professional (IRO, social worker, team manager) was involved with which child, and when.
-- check: unique(involvement_id)
-- check: not_null(professional_id, person_id, start_date)
SELECT involvement_id, professional_id, person_id, role, team, start_date, end_date, _source, _line
FROM raw.involvements
