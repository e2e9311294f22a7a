-- compare: as a set
SELECT reporting_year, team, monitored, intervals
FROM marts.midpoint_monitoring_by_team ORDER BY reporting_year, team
