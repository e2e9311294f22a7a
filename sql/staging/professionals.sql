-- model: staging.professionals
-- depends: raw.professionals
-- materialize: view
-- incremental: none, professionals are not children's records
-- description: Professionals (IROs, social workers, team managers) by pseudonym, with team and full-time equivalence; names never reach the warehouse.
-- check: unique(professional_id)
-- check: not_null(professional_id)
SELECT professional_id, role, team, fte, coalesce(active, true) AS active, _source, _line
FROM raw.professionals
