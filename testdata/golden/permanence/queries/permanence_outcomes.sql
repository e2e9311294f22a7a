-- compare: as a set
SELECT reporting_year, person_id AS person, period_start, period_end, age_at_end, end_reason, outcome,
	legal_permanence, permanence_incl_return_home, last_in_year
FROM marts.permanence_outcomes
