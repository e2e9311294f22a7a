-- model: marts.audit_quality
-- depends: staging.case_audits, core.reporting_years
-- materialize: table
-- incremental: none, totals per year
-- description: Case file audits per reporting year (by audit date), one row per year, every year listed. audits: audits in the year. Each measure has its numerator and its own denominator, the audits of the year where that item was recorded: a blank grade or a blank impact answer is left out of both, never counted as a fail. overall_good_or_outstanding / overall_graded: audits graded good or outstanding overall; iro_good_or_outstanding / iro_graded: audits where how well the IRO role was carried out was graded good or outstanding; impact_evident / impact_recorded: audits that found the impact of the work on the child evident.
-- check: unique(reporting_year)
-- check: not_null(reporting_year, audits, overall_good_or_outstanding, overall_graded, iro_good_or_outstanding, iro_graded, impact_evident, impact_recorded)
-- check: expect(overall_good_or_outstanding <= overall_graded AND overall_graded <= audits)
-- check: expect(iro_good_or_outstanding <= iro_graded AND iro_graded <= audits)
-- check: expect(impact_evident <= impact_recorded AND impact_recorded <= audits)
WITH audits AS (
    SELECT y.reporting_year, a.*
    FROM staging.case_audits a
    JOIN core.reporting_years y ON a.audit_date BETWEEN y.year_start AND y.year_end
)
SELECT
    y.reporting_year,
    count(a.audit_id) AS audits,
    count(*) FILTER (WHERE a.overall_grade IN ('good', 'outstanding')) AS overall_good_or_outstanding,
    count(a.overall_grade) AS overall_graded,
    count(*) FILTER (WHERE a.iro_grade IN ('good', 'outstanding')) AS iro_good_or_outstanding,
    count(a.iro_grade) AS iro_graded,
    count(*) FILTER (WHERE a.impact_on_child_evident) AS impact_evident,
    count(a.impact_on_child_evident) AS impact_recorded
FROM core.reporting_years y
LEFT JOIN audits a ON a.reporting_year = y.reporting_year
GROUP BY y.reporting_year
