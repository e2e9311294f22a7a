-- compare: as a set
SELECT reporting_year, as_at_date, person_id AS person, age_at_date, placements_in_year,
	placement_starts_in_year, three_or_more_placements, long_term_cohort, carer_since, same_carer_2_years
FROM marts.placement_stability
