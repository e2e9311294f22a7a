-- model: staging.cla_care_plans
-- depends: raw.cla_care_plans
-- materialize: view
-- incremental: person_id
-- description: Care plans with their permanence plan codes (several at once is parallel planning).
-- check: unique(care_plan_id)
-- check: not_null(person_id, start_date)
SELECT care_plan_id, person_id, start_date, end_date, coalesce(plan_codes, []) AS plan_codes, _source, _line
FROM raw.cla_care_plans
