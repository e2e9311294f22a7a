-- model: marts.kpi_availability
-- depends: marts.kpi_definitions, ops.run_tables, ops.run_parameters, staging.permanence, staging.cla_health
-- materialize: table
-- incremental: none, one row per KPI
-- description: Whether this build's source can supply each board KPI, one row per KPI, and if not, why: a KPI is not available from the source when a table it requires (kpi_definitions.requires) was not provided (ops.run_tables.available false: the IRO forms are not in a DfE SSDA903 return, for example), or when the source carries the table but never the facts the KPI needs: A2 needs placement order and match dates (no permanence row has both), and initial health assessments on time need initial health assessments (no health row of that type: a 903 return's OC2 has only the annual assessment and dental check). marts.board_kpis gives such a KPI no value, with availability 'not available from this source' and this reason, rather than a misleading zero.
-- check: unique(kpi_code)
-- check: not_null(kpi_code, available)
-- check: expect(available = (reason IS NULL))
-- check: relationship(kpi_code -> marts.kpi_definitions.kpi_code)
WITH unavailable AS (
    -- tables this build's source did not carry
    SELECT coalesce(list(table_name ORDER BY table_name), []) AS tables FROM ops.run_tables
    WHERE run_id = (SELECT run_id FROM ops.run_parameters) AND NOT available
),
facts AS (
    SELECT
        EXISTS (SELECT 1 FROM staging.permanence WHERE placement_order_date IS NOT NULL AND matched_date IS NOT NULL) AS has_a2_dates,
        EXISTS (SELECT 1 FROM staging.cla_health WHERE check_type = 'initial_health_assessment') AS has_iha
),
gaps AS (
    SELECT d.kpi_code,
        list_intersect(d.requires, u.tables) AS missing_tables,
        CASE
            WHEN d.kpi_code IN ('ADOPTION_A2_AVG_DAYS', 'ADOPTION_A2_3YR_AVG_DAYS') AND NOT f.has_a2_dates
                THEN 'the source has no placement order and match dates, which A2 needs'
            WHEN d.kpi_code = 'HEALTH_IHA_ON_TIME' AND NOT f.has_iha
                THEN 'the source records no initial health assessments'
        END AS missing_facts
    FROM marts.kpi_definitions d, unavailable u, facts f
)
SELECT
    kpi_code,
    len(missing_tables) = 0 AND missing_facts IS NULL AS available,
    CASE
        WHEN len(missing_tables) > 0 THEN 'the source does not provide ' || array_to_string(list_sort(missing_tables), ', ')
        ELSE missing_facts
    END AS reason
FROM gaps
