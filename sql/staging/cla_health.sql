-- model: staging.cla_health
-- depends: raw.cla_health
-- materialize: view
-- incremental: person_id
-- description: Health assessments and dental checks of looked-after children.
-- check: unique(health_check_id)
-- check: not_null(person_id, check_type, check_date)
SELECT health_check_id, person_id, check_type, check_date, status, _source, _line
FROM raw.cla_health
