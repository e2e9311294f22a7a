-- model: core.looked_after_year_ends
-- depends: core.placement_episodes, core.periods_of_care, core.reporting_years
-- materialize: table
-- incremental: person_id
-- build: in slices of children
-- description: The one definition of "looked after on a date" (DfE SSDA903 convention): a child is looked after on a date when an episode of care covers it (started on or before the date and not ended by it: an episode ending on the date is over, and after an X1 change the next episode covers the day) and that episode's legal status is not V3/V4 (short breaks); a child under a mix of V3/V4 and other statuses counts only on the days of the other statuses. One row per reporting year and child looked after at the year's end (its eval_end: 31 March, or the run's as-at date for the current year), with the period of care and the episode the child was in on the date. care_start is the day the period became looked after (its first non-V3/V4 episode); looked_after_since is the start of the unbroken run of non-V3/V4 episodes the child was in on the date (the day after the last short-break spell of the period ended, else care_start), the start of "looked after continuously" for the 12-month cohorts. Every mart that reports children looked after on a date reads this model, so one date gives one number everywhere; it holds keys and a few columns only, so that each reader fits DuckDB's memory limit at national scale.
-- check: unique(reporting_year, person_id)
-- check: not_null(reporting_year, year_start, as_at_date, person_id, period_id, period_start, care_start, looked_after_since, episode_id)
-- check: expect(period_start <= care_start AND care_start <= looked_after_since AND looked_after_since <= as_at_date)
-- check: expect(legal_status IS NULL OR legal_status NOT IN ('V3', 'V4'))
WITH runs AS (
    -- the end of the last short-break episode of the period up to each episode
    SELECT episode_id, person_id, period_id, period_start, episode_start_date, episode_end_date, legal_status, placement_type,
        max(CASE WHEN legal_status IN ('V3', 'V4') THEN episode_end_date END) OVER (
            PARTITION BY period_id ORDER BY episode_start_date, episode_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS last_break_end
    FROM core.placement_episodes
),
covering AS (
    SELECT y.reporting_year, y.year_start, y.eval_end AS as_at_date, r.person_id, r.period_id, r.period_start,
        r.episode_id, r.episode_start_date, r.legal_status, r.placement_type, r.last_break_end
    FROM core.reporting_years y
    JOIN runs r
        ON r.episode_start_date <= y.eval_end
        AND (r.episode_end_date IS NULL OR r.episode_end_date > y.eval_end)
    WHERE r.legal_status IS NULL OR r.legal_status NOT IN ('V3', 'V4')
    QUALIFY row_number() OVER (PARTITION BY y.reporting_year, r.person_id ORDER BY r.episode_start_date DESC, r.episode_id DESC) = 1
)
SELECT reporting_year, year_start, as_at_date, person_id, period_id, period_start, care_start,
    -- the run the child is in began no later than the episode they were in on the date (a short break
    -- that overlaps it, or whose end is unknown, cannot push the start past the episode)
    least(greatest(care_start, coalesce(last_break_end, care_start)), episode_start_date) AS looked_after_since,
    episode_id, legal_status, placement_type
FROM (
    SELECT c.*,
        -- a period whose only other episodes are short breaks and whose status here is unknown
        -- counts from this episode
        least(coalesce(p.care_start, c.episode_start_date), c.episode_start_date) AS care_start
    FROM covering c
    JOIN core.periods_of_care p ON p.period_id = c.period_id
)
