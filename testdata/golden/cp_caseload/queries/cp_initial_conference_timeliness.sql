-- compare: as a set
SELECT icpc_id, person_id AS person, transfer_in, strategy_discussion_date, due_date, conference_date,
	working_days_taken, on_time, reporting_year
FROM marts.cp_initial_conference_timeliness
