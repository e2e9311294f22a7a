-- model: core.looked_after_in_years
-- depends: core.periods_of_care, core.reporting_years, core.open_during
-- materialize: table
-- incremental: person_id
-- description: The one definition of "looked after in a year": one row per reporting year and period of care that is not made only of short breaks (legal status V3/V4) and was open at some time in the year, up to its eval_end (31 March, or the run's as-at date for the current year; core.open_during). A child with two such periods in a year has two rows. The year's looked-after children for IRO challenges per 100 (marts.iro_challenges_summary) and the cohort of the LAC review measure (core.child_review_years, which also asks for reporting.looked_after_min_days) come from here; children looked after on a date (the year's end) come from core.looked_after_year_ends.
-- check: unique(reporting_year, period_id)
-- check: not_null(reporting_year, year_start, eval_end, person_id, period_id, period_start)
-- check: expect(period_start <= eval_end AND (period_end IS NULL OR period_end >= year_start))
SELECT y.reporting_year, y.year_start, y.eval_end, pc.person_id, pc.period_id, pc.period_start, pc.period_end
FROM core.reporting_years y
JOIN core.periods_of_care pc
    ON NOT pc.short_breaks_only
    AND core.open_during(pc.period_start, pc.period_end, y.year_start, y.eval_end)
