-- model: marts.board_kpis
-- depends: marts.kpi_availability, marts.kpi_definitions, marts.kpi_values_reviews, marts.kpi_values_plans, marts.kpi_values_challenges, marts.kpi_values_audit, marts.kpi_values_cp, marts.kpi_values_caseload, marts.kpi_values_permanence, marts.kpi_values_adoption, marts.kpi_values_stability, marts.kpi_values_midpoint, marts.kpi_values_health, core.reporting_years, ops.kpi_targets, ops.run_parameters
-- materialize: table
-- incremental: none, totals per year
-- description: Every board KPI for every reporting year, one row each: numerator, denominator, value (numerator / denominator, null when there is no denominator), target (the config's, else the KPI's default), the value a year earlier, which direction is better and the RAG rating. Green meets the target; amber misses it by no more than rag.amber_tolerance (for shares, in percentage points: 0.05 is 5 points; for rates, days and ratios, as a fraction of the target: 0.05 is 5% of it); red misses it by more. A KPI the source cannot supply (marts.kpi_availability: a table it requires is not provided, as the IRO forms are not in a DfE SSDA903 return, or the facts it needs are never recorded, as A2 without placement order and match dates or initial health assessments from a 903) has no value, availability 'not available from this source' and availability_reason saying why, rather than a misleading zero. The board report and every headline figure read from this table.
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: expect(unit <> 'share' OR numerator <= denominator)
-- check: expect(numerator >= 0)
-- check: accepted_values(rag: green, amber, red)
-- check: accepted_values(availability: available, not available from this source)
-- check: expect((availability = 'available') = (availability_reason IS NULL))
-- check: expect(availability = 'available' OR value IS NULL)
-- check: relationship(kpi_code -> marts.kpi_definitions.kpi_code)
WITH measures AS (
    SELECT * FROM marts.kpi_values_reviews
    UNION ALL SELECT * FROM marts.kpi_values_plans
    UNION ALL SELECT * FROM marts.kpi_values_challenges
    UNION ALL SELECT * FROM marts.kpi_values_audit
    UNION ALL SELECT * FROM marts.kpi_values_cp
    UNION ALL SELECT * FROM marts.kpi_values_caseload
    UNION ALL SELECT * FROM marts.kpi_values_permanence
    UNION ALL SELECT * FROM marts.kpi_values_adoption
    UNION ALL SELECT * FROM marts.kpi_values_stability
    UNION ALL SELECT * FROM marts.kpi_values_midpoint
    UNION ALL SELECT * FROM marts.kpi_values_health
),
complete AS (
    -- every KPI for every year, zero where nothing was counted
    SELECT y.reporting_year, y.year_start, y.year_end, y.complete, d.kpi_code, d.kpi_name, d.area, d.better, d.unit,
        d.sort_order, coalesce(t.target, d.default_target) AS target,
        coalesce(m.numerator, 0) AS numerator, coalesce(m.denominator, 0) AS denominator,
        a.available, a.reason AS availability_reason
    FROM core.reporting_years y
    CROSS JOIN marts.kpi_definitions d
    JOIN marts.kpi_availability a ON a.kpi_code = d.kpi_code
    LEFT JOIN measures m ON m.reporting_year = y.reporting_year AND m.kpi_code = d.kpi_code
    LEFT JOIN ops.kpi_targets t ON t.kpi_code = d.kpi_code
),
valued AS (
    SELECT *, CASE WHEN denominator > 0 AND available THEN numerator / denominator END AS value
    FROM complete
)
SELECT
    reporting_year,
    year_start,
    year_end,
    complete AS year_complete,
    kpi_code,
    kpi_name,
    area,
    unit,
    CASE WHEN available THEN 'available' ELSE 'not available from this source' END AS availability,
    availability_reason,
    numerator,
    denominator,
    value,
    target,
    lag(value) OVER (PARTITION BY kpi_code ORDER BY year_start) AS previous_value,
    better,
    CASE
        WHEN value IS NULL OR target IS NULL THEN NULL
        WHEN (better = 'higher' AND value >= target) OR (better = 'lower' AND value <= target) THEN 'green'
        WHEN abs(value - target) <= (SELECT amber_tolerance FROM ops.run_parameters)
            * CASE WHEN unit = 'share' THEN 1 ELSE abs(target) END + 1e-9 THEN 'amber'
        ELSE 'red'
    END AS rag,
    sort_order
FROM valued
