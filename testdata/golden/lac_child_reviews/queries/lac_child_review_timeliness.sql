-- compare: as a set
SELECT reporting_year, person_id AS person, reviews_held, late_reviews, missed_reviews, all_on_time, in_measure
FROM marts.lac_child_review_timeliness
WHERE reporting_year = '2023-24'
