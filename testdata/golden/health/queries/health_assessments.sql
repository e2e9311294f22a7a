-- compare: as a set
SELECT reporting_year, cohort_date, person_id AS person, age, last_assessment_date, last_assessment_type,
	age_at_last_assessment, frequency_months, next_assessment_due, assessment_in_date,
	last_dental_check_date, dental_check_in_year
FROM marts.health_assessments
