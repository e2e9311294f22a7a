-- compare: as a set
SELECT reporting_year, person_id AS person, reviews_held, late_reviews, missed_reviews, all_on_time
FROM marts.cp_child_review_timeliness
