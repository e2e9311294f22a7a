-- model: marts.health_assessments
-- depends: core.looked_after_year_ends, staging.cla_health, staging.person, core.age_on
-- materialize: table
-- incremental: person_id
-- description: One row per reporting year per child looked after continuously for at least 12 months on the year's cohort date (31 March, i.e. the year's end; for the current year the run's as-at date): the child was looked after on the cohort date (core.looked_after_year_ends: an episode covers the date and its legal status is not V3/V4) and had been since the cohort date less 12 calendar months without a short-break (V3/V4) spell: looked_after_since, the start of the unbroken run of non-V3/V4 episodes, is on or before that day (DfE SSDA903 OC2 cohort; V3/V4 days are left out, so a period that began under short breaks counts from its first other episode). age is the child's age on the cohort date. The last health assessment is the latest completed initial or review health assessment dated on or before the cohort date; the next is due 6 months after it if the child was under 5 on the day of that assessment, 12 months after it if 5 or over (statutory guidance on promoting the health of looked-after children): the frequency is set by the child's age at the last assessment, so a child assessed at 4 and turning 5 since still had to be seen within 6 months. An unknown date of birth is taken as 5 or over. assessment_in_date: there is a last assessment and the cohort date is on or before the next due date. dental_check_in_year: a completed dental check dated in the 12 months ending on the cohort date (for a year's end, the reporting year). KPIs HEALTH_ASSESSMENT_IN_DATE and DENTAL_CHECK_IN_YEAR.
-- check: unique(reporting_year, person_id)
-- check: not_null(reporting_year, cohort_date, person_id, period_id, period_start, assessment_in_date, dental_check_in_year)
-- check: expect(CAST(looked_after_since + INTERVAL 12 MONTH AS DATE) <= cohort_date AND period_start <= looked_after_since)
-- check: expect(NOT assessment_in_date OR (last_assessment_date <= cohort_date AND cohort_date <= next_assessment_due))
-- check: expect(dental_check_in_year = (last_dental_check_date IS NOT NULL))
-- check: accepted_values(last_assessment_type: initial_health_assessment, review_health_assessment)
-- check: relationship(period_id -> core.periods_of_care.period_id)
WITH cohort AS (
    SELECT l.reporting_year, l.as_at_date AS cohort_date, l.person_id, l.period_id, l.period_start, l.looked_after_since
    FROM core.looked_after_year_ends l
    WHERE CAST(l.looked_after_since + INTERVAL 12 MONTH AS DATE) <= l.as_at_date
),
completed AS (
    SELECT person_id, check_type, check_date
    FROM staging.cla_health
    WHERE status = 'completed'
),
last_assessment AS (
    SELECT c.reporting_year, c.person_id,
        max(h.check_date) AS last_assessment_date,
        arg_max(h.check_type, h.check_date) AS last_assessment_type
    FROM cohort c
    JOIN completed h
        ON h.person_id = c.person_id
        AND h.check_type IN ('initial_health_assessment', 'review_health_assessment')
        AND h.check_date <= c.cohort_date
    GROUP BY ALL
),
last_dental AS (
    SELECT c.reporting_year, c.person_id, max(h.check_date) AS last_dental_check_date
    FROM cohort c
    JOIN completed h
        ON h.person_id = c.person_id
        AND h.check_type = 'dental'
        AND h.check_date > CAST(c.cohort_date - INTERVAL 12 MONTH AS DATE)
        AND h.check_date <= c.cohort_date
    GROUP BY ALL
),
aged AS (
    SELECT c.*, a.last_assessment_date, a.last_assessment_type, d.last_dental_check_date,
        core.age_on(pe.dob, c.cohort_date) AS age,
        core.age_on(pe.dob, a.last_assessment_date)
            AS age_at_last_assessment
    FROM cohort c
    LEFT JOIN last_assessment a USING (reporting_year, person_id)
    LEFT JOIN last_dental d USING (reporting_year, person_id)
    LEFT JOIN staging.person pe ON pe.person_id = c.person_id
),
due AS (
    SELECT *,
        CASE WHEN age_at_last_assessment < 5 THEN 6 ELSE 12 END AS frequency_months
    FROM aged
)
SELECT
    reporting_year,
    cohort_date,
    person_id,
    period_id,
    period_start,
    looked_after_since,
    age,
    last_assessment_date,
    last_assessment_type,
    age_at_last_assessment,
    CASE WHEN last_assessment_date IS NOT NULL THEN frequency_months END AS frequency_months,
    CAST(last_assessment_date + to_months(frequency_months) AS DATE) AS next_assessment_due,
    coalesce(cohort_date <= CAST(last_assessment_date + to_months(frequency_months) AS DATE), false) AS assessment_in_date,
    last_dental_check_date,
    last_dental_check_date IS NOT NULL AS dental_check_in_year
FROM due
