-- compare: as a set
SELECT as_at_date, person_id AS person, age, term_start, term_label, last_pep_review_date,
	pep_review_this_term, initial_pep_this_term
FROM marts.pep_reviews
