-- model: staging.iro_midpoint_checks
-- depends: raw.iro_midpoint_checks
-- materialize: view
-- incremental: person_id
-- description: IRO checks on a child's plan between reviews (local form).
-- check: unique(check_id)
-- check: not_null(person_id, check_date)
SELECT check_id, person_id, cla_id, iro_id, check_date, outcome, _source, _line
FROM raw.iro_midpoint_checks
