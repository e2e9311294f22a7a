SELECT reporting_year, kpi_code, numerator, denominator
FROM marts.kpi_values_audit ORDER BY reporting_year, kpi_code
