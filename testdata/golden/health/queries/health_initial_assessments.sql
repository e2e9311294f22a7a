-- compare: as a set
SELECT person_id AS person, reporting_year, period_start, period_end, due_date, assessment_date,
	working_days_taken, status, in_measure
FROM marts.health_initial_assessments
