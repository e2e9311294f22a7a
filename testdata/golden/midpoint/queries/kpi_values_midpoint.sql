-- compare: as a set
SELECT reporting_year, kpi_code, numerator, denominator
FROM marts.kpi_values_midpoint ORDER BY reporting_year, kpi_code
