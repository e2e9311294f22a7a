SELECT reporting_year, audits, overall_good_or_outstanding, overall_graded,
	iro_good_or_outstanding, iro_graded, impact_evident, impact_recorded
FROM marts.audit_quality ORDER BY reporting_year
