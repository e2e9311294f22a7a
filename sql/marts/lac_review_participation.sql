-- model: marts.lac_review_participation
-- depends: marts.lac_review_timeliness, ops.run_parameters
-- materialize: table
-- incremental: none, totals per year
-- description: Statutory LAC reviews held in each reporting year by participation code (PN0–PN7; "not recorded" when blank) and the child's age band on the day of the review.
-- check: unique(reporting_year, age_band, participation_code, in_participation_measure)
-- check: not_null(reporting_year, age_band, participation_code, reviews)
-- check: accepted_values(participation_code: PN0, PN1, PN2, PN3, PN4, PN5, PN6, PN7, not recorded)
SELECT
    reporting_year,
    CASE
        WHEN age_at_review IS NULL THEN 'unknown'
        WHEN age_at_review < 4 THEN '0-3'
        WHEN age_at_review < 10 THEN '4-9'
        WHEN age_at_review < 16 THEN '10-15'
        ELSE '16+'
    END AS age_band,
    coalesce(participation, 'not recorded') AS participation_code,
    age_at_review >= (SELECT participation_min_age FROM ops.run_parameters) AS in_participation_measure,
    count(*) AS reviews
FROM marts.lac_review_timeliness
GROUP BY ALL
