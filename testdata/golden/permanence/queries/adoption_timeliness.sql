-- compare: as a set
SELECT reporting_year, person_id AS person, period_start, adopted_date, end_reason, permanence_id,
	adopted_by_carer, a10_clock_stop, a1_days, a10_days, a2_days, a3_waited_less
FROM marts.adoption_timeliness
