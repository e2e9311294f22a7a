-- compare: as a set
SELECT person_id AS person, team, legal_status, placement_type, age, days_in_care, placements_last_12_months,
	array_to_string(permanence_plan, '+') AS plan, parallel_planning, plan_by_review_2, life_story_work,
	stability_meeting_since_move, previous_return_home_date, next_review_due, rag, rag_reason
FROM marts.permanence_tracker
