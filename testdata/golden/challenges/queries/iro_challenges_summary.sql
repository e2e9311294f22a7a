SELECT reporting_year, dimension, value, challenges, challenges_previous_year, closed_challenges,
	median_working_days_to_resolution, looked_after_children, challenges_per_100_looked_after
FROM marts.iro_challenges_summary ORDER BY reporting_year, sort_order
