-- compare: as a set
SELECT person_id AS person, interval_number, interval_start, interval_end, length_days, ended_by,
	reporting_year, excluded_short, midpoint_checks, has_midpoint_check, iro_id AS iro, team
FROM marts.midpoint_monitoring
ORDER BY interval_start, interval_number
