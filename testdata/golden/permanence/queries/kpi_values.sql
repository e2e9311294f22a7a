-- compare: as a set
SELECT reporting_year, kpi_code, numerator, denominator FROM marts.kpi_values_permanence
UNION ALL SELECT reporting_year, kpi_code, numerator, denominator FROM marts.kpi_values_adoption
UNION ALL SELECT reporting_year, kpi_code, numerator, denominator FROM marts.kpi_values_stability
