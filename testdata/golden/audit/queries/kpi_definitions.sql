SELECT kpi_code, area, better, default_target, sort_order
FROM marts.kpi_definitions WHERE area = 'audit' ORDER BY sort_order
