-- model: marts.iro_challenges
-- depends: staging.iro_challenges, core.calendar, core.reporting_years, ops.run_parameters, core.working_days_after, core.challenge_levels, core.challenge_categories
-- materialize: table
-- incremental: person_id
-- description: One row per IRO challenge (IRO dispute resolution, local form) raised in a reporting year, the year taken from the date raised. Each level is its own row: a challenge escalated from informal to formal stage 1 is two challenges, the first closed (outcome escalated) on the day the second was raised. formal is true for levels formal_1, formal_2, formal_3 and cafcass (core.challenge_levels). resolved_date is the form's date the challenge was closed, whatever the outcome (resolved, escalated or withdrawn); it is empty while the challenge is open. working_days_to_resolution counts the working days after the date raised up to and including the date closed (weekends and England and Wales bank holidays do not count). due_date_20_wd is the 20th working day after the date raised (IRO Handbook ch. 6: the whole formal process within 20 working days). resolved_within_20_wd, for formal challenges only: true if closed on or before that date; false if closed after it, or still open after it as at the run date; empty while it is open and not yet due, and for informal challenges. A challenge closed on a weekend day after its 20th working day counts 20 working days but is late (closed after the date reached). resolved_informally: level informal and outcome resolved.
-- check: unique(challenge_id)
-- check: not_null(challenge_id, person_id, raised_date, reporting_year, level, category, formal, resolved_informally)
-- check: relationship(level -> core.challenge_levels.level)
-- check: relationship(category -> core.challenge_categories.category)
-- check: accepted_values(outcome: resolved, escalated, withdrawn, open)
-- check: expect(resolved_date IS NULL OR working_days_to_resolution >= 0)
-- check: expect(formal OR resolved_within_20_wd IS NULL)
-- check: expect(NOT formal OR due_date_20_wd IS NOT NULL)
-- check: expect(NOT coalesce(resolved_within_20_wd, false) OR working_days_to_resolution <= 20)
-- check: expect(NOT resolved_informally OR NOT formal)
-- warn: expect(outcome IS NOT NULL AND (outcome = 'open') = (resolved_date IS NULL))
-- warn: expect(raised_date <= (SELECT as_of_date FROM ops.run_parameters))
-- warn: expect(holidays_known)
-- warn: relationship(person_id -> staging.person.person_id or quarantined)
WITH p AS (
    SELECT as_of_date FROM ops.run_parameters
),
challenges AS (
    SELECT c.*, y.reporting_year,
        c.level IN (SELECT level FROM core.challenge_levels WHERE formal) AS formal
    FROM staging.iro_challenges c
    JOIN core.reporting_years y ON c.raised_date BETWEEN y.year_start AND y.year_end
),
timed AS (
    SELECT
        c.*,
        closed.working_day_number - raised.working_day_number AS working_days_to_resolution,
        -- the 20th working day after the date raised, as for LAC review 1
        core.working_days_after(c.raised_date, 20) AS due_date_20_wd,
        coalesce(raised.holidays_known AND coalesce(closed.holidays_known, true), false) AS holidays_known
    FROM challenges c
    LEFT JOIN core.calendar raised ON raised.calendar_date = c.raised_date
    LEFT JOIN core.calendar closed ON closed.calendar_date = c.resolved_date
)
SELECT
    t.challenge_id,
    t.person_id,
    t.iro_id,
    t.reporting_year,
    t.raised_date,
    t.level,
    t.category,
    t.formal,
    t.resolved_date,
    t.outcome,
    t.working_days_to_resolution,
    CASE WHEN t.formal THEN t.due_date_20_wd END AS due_date_20_wd,
    CASE
        WHEN NOT t.formal THEN NULL
        WHEN t.resolved_date IS NOT NULL THEN t.resolved_date <= t.due_date_20_wd
        WHEN t.due_date_20_wd < p.as_of_date THEN false
    END AS resolved_within_20_wd,
    t.level = 'informal' AND coalesce(t.outcome = 'resolved', false) AS resolved_informally,
    t.team_challenged,
    t.holidays_known
FROM timed t
CROSS JOIN p
