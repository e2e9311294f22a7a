-- compare: as a set
SELECT cp_review_id, person_id AS person, cp_plan_id, sequence_number, due_date, held_date, days_late,
	on_time, reporting_year
FROM marts.cp_review_timeliness
