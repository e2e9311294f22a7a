SELECT reporting_year, numerator, denominator FROM marts.board_kpis
WHERE kpi_code = 'PERMANENCE_PLAN_BY_REVIEW_2' ORDER BY reporting_year
