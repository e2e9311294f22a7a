-- model: staging.cla_pep
-- depends: raw.cla_pep
-- materialize: view
-- incremental: person_id
-- description: Personal education plans (initial and review).
-- check: unique(pep_id)
-- check: not_null(person_id, pep_date, pep_type)
SELECT pep_id, person_id, pep_date, pep_type, status, _source, _line
FROM raw.cla_pep
