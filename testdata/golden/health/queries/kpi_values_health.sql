-- compare: as a set
SELECT reporting_year, kpi_code, numerator, denominator FROM marts.kpi_values_health
