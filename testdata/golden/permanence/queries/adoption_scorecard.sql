-- compare: as a set
SELECT reporting_year, basis, window_start, window_end, children_adopted,
	a1_children, a1_total_days, round(a1_average_days, 2) AS a1_average_days,
	a10_children, a10_total_days, round(a10_average_days, 2) AS a10_average_days,
	a2_children, a2_total_days, round(a2_average_days, 2) AS a2_average_days,
	a3_children_within, a3_children
FROM marts.adoption_scorecard
