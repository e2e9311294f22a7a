-- model: marts.kpi_definitions
-- depends: ops.kpi_catalogue
-- materialize: table
-- incremental: none, one row per KPI
-- description: What each board KPI means: its code, name, area, one-sentence definition, numerator and denominator, which direction is better, the default target, the regulation or guidance it rests on, and its unit: share (numerator / denominator, at most 1, shown as a percentage), per_100 (a rate, shown per 100), days (an average: total days / children) or ratio (such as children per full-time IRO); and the canonical tables it is computed from (requires). Read from sql/kpis/*.csv.
-- check: unique(kpi_code)
-- check: not_null(kpi_code, kpi_name, area, definition, numerator_definition, denominator_definition, better, sort_order)
-- check: accepted_values(better: higher, lower)
-- check: accepted_values(unit: share, per_100, days, ratio)
SELECT kpi_code, kpi_name, area, definition, numerator_definition, denominator_definition, better,
    default_target, source, sort_order, unit, requires
FROM ops.kpi_catalogue
