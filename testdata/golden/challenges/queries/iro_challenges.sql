-- compare: as a set
SELECT challenge_id, person_id AS person, reporting_year, raised_date, level, category, formal,
	resolved_date, outcome, working_days_to_resolution, due_date_20_wd, resolved_within_20_wd,
	resolved_informally, team_challenged
FROM marts.iro_challenges
