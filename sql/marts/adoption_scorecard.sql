-- model: marts.adoption_scorecard
-- depends: marts.adoption_timeliness, core.reporting_years, ops.run_parameters
-- materialize: table
-- incremental: none, totals per year
-- description: DfE adoption scorecard, one row per reporting year per basis: basis 'year' covers children adopted in the reporting year (to the run's as-at date for the current year); basis '3_years' covers children adopted in that year and the two before it (window_start to window_end), pooled: the 3-year average is the total days of all children in the three years over the number of children, not the mean of the three yearly averages. From marts.adoption_timeliness. A1: average days from entering care to moving in with the adoptive family (a1_total_days / a1_children); A10: the same with the clock stopped when a child adopted by their foster carer moved in with them; A2: average days from placement order to match (0 when matched first; children with both dates); A3: children who waited less than adoption.a3_wait_days (426) days on the A1 clock / children with an A1 time. children_adopted counts every adoption, with or without an adoption record; each measure's children count those whose dates are known. Averages are null when there are no children.
-- check: unique(reporting_year, basis)
-- check: not_null(reporting_year, basis, window_start, window_end, children_adopted, a1_children, a1_total_days, a10_children, a10_total_days, a2_children, a2_total_days, a3_children_within, a3_children)
-- check: accepted_values(basis: year, 3_years)
-- check: relationship(reporting_year -> core.reporting_years.reporting_year)
-- check: expect(a1_children <= children_adopted AND a10_children <= children_adopted AND a2_children <= children_adopted)
-- check: expect(a3_children_within <= a3_children AND a3_children = a1_children)
WITH windows AS (
    SELECT reporting_year, 'year' AS basis, year_start AS window_start, eval_end AS window_end
    FROM core.reporting_years
    UNION ALL
    SELECT reporting_year, '3_years', CAST(year_start - INTERVAL 2 YEAR AS DATE), eval_end
    FROM core.reporting_years
),
pooled AS (
    SELECT w.reporting_year, w.basis, w.window_start, w.window_end,
        count(t.period_id) AS children_adopted,
        count(t.a1_days) AS a1_children,
        coalesce(sum(t.a1_days), 0)::BIGINT AS a1_total_days,
        count(t.a10_days) AS a10_children,
        coalesce(sum(t.a10_days), 0)::BIGINT AS a10_total_days,
        count(t.a2_days) AS a2_children,
        coalesce(sum(t.a2_days), 0)::BIGINT AS a2_total_days,
        count(*) FILTER (WHERE t.a3_waited_less) AS a3_children_within,
        count(t.a3_waited_less) AS a3_children
    FROM windows w
    LEFT JOIN marts.adoption_timeliness t ON t.adopted_date BETWEEN w.window_start AND w.window_end
    GROUP BY ALL
)
SELECT
    pooled.reporting_year,
    pooled.basis,
    pooled.window_start,
    pooled.window_end,
    children_adopted,
    a1_children,
    a1_total_days,
    a1_total_days / nullif(a1_children, 0) AS a1_average_days,
    a10_children,
    a10_total_days,
    a10_total_days / nullif(a10_children, 0) AS a10_average_days,
    a2_children,
    a2_total_days,
    a2_total_days / nullif(a2_children, 0) AS a2_average_days,
    a3_children_within,
    a3_children,
    a3_children_within / nullif(a3_children, 0) AS a3_share,
    p.a1_threshold_days,
    p.a2_threshold_days,
    p.a3_wait_days
FROM pooled, ops.run_parameters p
