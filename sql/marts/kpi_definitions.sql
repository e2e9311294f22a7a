-- model: marts.kpi_definitions
-- depends: ops.kpi_catalogue
-- materialize: table
-- description: What each board KPI means: its code, name, area, one-sentence definition, numerator and denominator, which direction is better, the default target and the regulation or guidance it rests on. Read from sql/kpis/*.csv.
-- check: unique(kpi_code)
-- check: not_null(kpi_code, kpi_name, area, definition, numerator_definition, denominator_definition, better, sort_order)
-- check: accepted_values(better: higher, lower)
SELECT kpi_code, kpi_name, area, definition, numerator_definition, denominator_definition, better,
    default_target, source, sort_order
FROM ops.kpi_catalogue
