-- compare: as a set
SELECT as_at_date, iro_id AS iro, fte, active, lac_allocated, cp_allocated, other_allocated,
	lac_per_fte, cp_per_fte, above_caseload_max
FROM marts.iro_caseload
