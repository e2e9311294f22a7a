FROM marts.iro_caseload_service ORDER BY as_at_date
