-- model: marts.iro_caseload
-- depends: core.iro_allocations, staging.professionals, core.reporting_years, ops.run_parameters
-- materialize: table
-- incremental: none, one row per IRO
-- description: IRO caseloads as at the end of every reporting year (the run's as-at date for the current year), one row per IRO (pseudonymised) in post on the date: every IRO holding at least one child on the date, and on the as-at date also every active IRO. lac_allocated: children looked after on the date (core.looked_after_year_ends: an episode covers the date and its legal status is not V3/V4) with an open involvement of this IRO; cp_allocated: children on an open child protection plan, counted apart; other_allocated: children whose involvement is open but who are neither (allocations left open). lac_per_fte = lac_allocated / fte (2 decimals); above_caseload_max: more than iro.caseload_max (IRO Handbook: 50–70) looked-after children per full-time equivalent. The per-FTE figures are null when the IRO's FTE is not recorded or is 0. FTE is as recorded now: the source keeps no history of it.
-- check: unique(as_at_date, iro_id)
-- check: not_null(reporting_year, as_at_date, iro_id, lac_allocated, cp_allocated, other_allocated, caseload_max)
-- check: expect((above_caseload_max IS NULL) = (lac_per_fte IS NULL))
-- check: expect(lac_per_fte IS NULL OR fte > 0)
-- warn: expect(fte > 0)
-- warn: relationship(iro_id -> staging.professionals.professional_id)
WITH p AS (SELECT * FROM ops.run_parameters),
in_post AS (
    SELECT y.reporting_year, y.eval_end AS as_at_date, pr.professional_id AS iro_id
    FROM core.reporting_years y
    JOIN p ON y.eval_end = p.as_of_date
    JOIN staging.professionals pr ON pr.role = 'iro' AND pr.active
    UNION
    SELECT reporting_year, as_at_date, iro_id FROM core.iro_allocations
),
counts AS (
    SELECT as_at_date, iro_id,
        count(*) FILTER (WHERE looked_after) AS lac_allocated,
        count(*) FILTER (WHERE on_cp_plan) AS cp_allocated,
        count(*) FILTER (WHERE NOT looked_after AND NOT on_cp_plan) AS other_allocated
    FROM core.iro_allocations
    GROUP BY ALL
),
caseloads AS (
    SELECT
        i.reporting_year, i.as_at_date, i.iro_id, pr.team, pr.fte, pr.active,
        coalesce(c.lac_allocated, 0) AS lac_allocated,
        coalesce(c.cp_allocated, 0) AS cp_allocated,
        coalesce(c.other_allocated, 0) AS other_allocated,
        p.caseload_max
    FROM in_post i
    CROSS JOIN p
    LEFT JOIN counts c ON c.as_at_date = i.as_at_date AND c.iro_id = i.iro_id
    LEFT JOIN staging.professionals pr ON pr.professional_id = i.iro_id
)
SELECT
    reporting_year,
    as_at_date,
    iro_id,
    team,
    fte,
    active,
    lac_allocated,
    cp_allocated,
    other_allocated,
    CASE WHEN fte > 0 THEN round(lac_allocated / fte, 2) END AS lac_per_fte,
    CASE WHEN fte > 0 THEN round(cp_allocated / fte, 2) END AS cp_per_fte,
    caseload_max,
    -- the tolerance keeps e.g. 7 children / 0.1 FTE from counting as above 70
    CASE WHEN fte > 0 THEN lac_allocated / fte > caseload_max + 1e-9 END AS above_caseload_max
FROM caseloads
