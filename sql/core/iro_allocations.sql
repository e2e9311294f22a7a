-- model: core.iro_allocations
-- depends: staging.involvements, staging.professionals, core.looked_after_year_ends, staging.cp_plans, core.reporting_years
-- materialize: table
-- incremental: person_id
-- description: Which children each IRO held, as at the end of every reporting year (the run's as-at date for the current year): one row per date, IRO and child with an IRO involvement open on the date (started on or before it, not ended by it: an involvement ending on the date has passed to the next IRO). looked_after: the child was looked after on the date (core.looked_after_year_ends: an episode covers the date and its legal status is not V3/V4); on_cp_plan: the child had a child protection plan open on the date. A child can be both, or neither (an allocation left open after care or the plan ended).
-- check: unique(as_at_date, iro_id, person_id)
-- check: not_null(reporting_year, as_at_date, iro_id, person_id, looked_after, on_cp_plan)
WITH dates AS (
    SELECT reporting_year, eval_end AS as_at_date FROM core.reporting_years
),
iro_involvements AS (
    SELECT i.professional_id AS iro_id, i.person_id, i.start_date, i.end_date
    FROM staging.involvements i
    LEFT JOIN staging.professionals p ON p.professional_id = i.professional_id
    WHERE coalesce(i.role, p.role) = 'iro'
),
open_allocations AS (
    SELECT DISTINCT d.reporting_year, d.as_at_date, ii.iro_id, ii.person_id
    FROM dates d
    JOIN iro_involvements ii
        ON ii.start_date <= d.as_at_date AND (ii.end_date IS NULL OR ii.end_date > d.as_at_date)
),
looked_after AS (
    SELECT as_at_date, person_id FROM core.looked_after_year_ends
),
on_plan AS (
    SELECT DISTINCT a.as_at_date, a.person_id
    FROM open_allocations a
    JOIN staging.cp_plans cp
        ON cp.person_id = a.person_id
        AND cp.start_date <= a.as_at_date
        AND (cp.end_date IS NULL OR cp.end_date > a.as_at_date)
)
SELECT
    a.reporting_year,
    a.as_at_date,
    a.iro_id,
    a.person_id,
    la.person_id IS NOT NULL AS looked_after,
    op.person_id IS NOT NULL AS on_cp_plan
FROM open_allocations a
LEFT JOIN looked_after la ON la.as_at_date = a.as_at_date AND la.person_id = a.person_id
LEFT JOIN on_plan op ON op.as_at_date = a.as_at_date AND op.person_id = a.person_id
