-- compare: as a set
SELECT person_id AS person, reporting_year, period_start, age_at_start, due_date, pep_date,
	working_days_taken, status, in_measure
FROM marts.pep_initiation
