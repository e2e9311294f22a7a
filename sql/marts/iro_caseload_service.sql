-- model: marts.iro_caseload_service
-- depends: marts.iro_caseload, core.iro_allocations, core.looked_after_year_ends, staging.cp_plans, core.reporting_years
-- materialize: table
-- incremental: none, totals per date
-- description: The IRO service's caseload as at the end of every reporting year (the run's as-at date for the current year), one row per date: IROs in post (as in marts.iro_caseload), their total FTE (IROs whose FTE is unknown or 0 add nothing; iros_fte_unknown counts them), children looked after on the date (core.looked_after_year_ends: an episode covers the date and its legal status is not V3/V4, the DfE SSDA903 convention every "looked after on a date" figure shares) and how many had an IRO allocated, children on a child protection plan and how many had an IRO, and the looked-after and CP children allocated per FTE. Children are counted once however many IROs hold them. iros_above_caseload_max counts IROs above iro.caseload_max looked-after children per FTE.
-- check: unique(as_at_date)
-- check: unique(reporting_year)
-- check: not_null(reporting_year, as_at_date, iros, iros_fte_unknown, total_fte, looked_after_children, lac_allocated, lac_without_iro, cp_children, cp_allocated, cp_without_iro, iros_above_caseload_max)
-- check: expect(lac_allocated <= looked_after_children AND cp_allocated <= cp_children)
-- check: expect(iros_above_caseload_max + iros_fte_unknown <= iros)
-- check: expect((lac_per_fte IS NULL) = (total_fte = 0))
WITH iros AS (
    SELECT as_at_date,
        count(*) AS iros,
        count(*) FILTER (WHERE fte IS NULL OR fte <= 0) AS iros_fte_unknown,
        -- FTEs are recorded to a few decimals; rounding drops the noise of adding binary fractions
        round(sum(fte) FILTER (WHERE fte > 0), 4) AS total_fte,
        count(*) FILTER (WHERE above_caseload_max) AS iros_above_caseload_max
    FROM marts.iro_caseload
    GROUP BY ALL
),
allocated AS (
    SELECT as_at_date,
        count(DISTINCT person_id) FILTER (WHERE looked_after) AS lac_allocated,
        count(DISTINCT person_id) FILTER (WHERE on_cp_plan) AS cp_allocated
    FROM core.iro_allocations
    GROUP BY ALL
),
looked_after AS (
    SELECT as_at_date, count(DISTINCT person_id) AS looked_after_children
    FROM core.looked_after_year_ends
    GROUP BY ALL
),
on_plan AS (
    SELECT y.eval_end AS as_at_date, count(DISTINCT cp.person_id) AS cp_children
    FROM core.reporting_years y
    JOIN staging.cp_plans cp
        ON cp.start_date <= y.eval_end AND (cp.end_date IS NULL OR cp.end_date > y.eval_end)
    GROUP BY ALL
),
service AS (
    SELECT
        y.reporting_year,
        y.eval_end AS as_at_date,
        coalesce(i.iros, 0) AS iros,
        coalesce(i.iros_fte_unknown, 0) AS iros_fte_unknown,
        coalesce(i.total_fte, 0) AS total_fte,
        coalesce(la.looked_after_children, 0) AS looked_after_children,
        coalesce(a.lac_allocated, 0) AS lac_allocated,
        coalesce(op.cp_children, 0) AS cp_children,
        coalesce(a.cp_allocated, 0) AS cp_allocated,
        coalesce(i.iros_above_caseload_max, 0) AS iros_above_caseload_max
    FROM core.reporting_years y
    LEFT JOIN iros i ON i.as_at_date = y.eval_end
    LEFT JOIN allocated a ON a.as_at_date = y.eval_end
    LEFT JOIN looked_after la ON la.as_at_date = y.eval_end
    LEFT JOIN on_plan op ON op.as_at_date = y.eval_end
)
SELECT
    reporting_year,
    as_at_date,
    iros,
    iros_fte_unknown,
    total_fte,
    looked_after_children,
    lac_allocated,
    looked_after_children - lac_allocated AS lac_without_iro,
    cp_children,
    cp_allocated,
    cp_children - cp_allocated AS cp_without_iro,
    CASE WHEN total_fte > 0 THEN round(lac_allocated / total_fte, 2) END AS lac_per_fte,
    CASE WHEN total_fte > 0 THEN round(cp_allocated / total_fte, 2) END AS cp_per_fte,
    iros_above_caseload_max
FROM service
