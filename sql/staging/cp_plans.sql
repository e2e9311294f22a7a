-- model: staging.cp_plans
-- depends: raw.cp_plans
-- materialize: view
-- incremental: person_id
-- description: Child protection plans with their categories of abuse.
-- check: unique(cp_plan_id)
-- check: not_null(person_id, start_date)
SELECT cp_plan_id, person_id, icpc_id, start_date, end_date, initial_category, latest_category, _source, _line
FROM raw.cp_plans
