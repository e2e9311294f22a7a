-- model: marts.pep_reviews
-- depends: core.looked_after_year_ends, core.school_terms, staging.cla_pep, staging.person, core.age_on
-- materialize: table
-- incremental: person_id
-- description: One row per child of school age (aged 5 to 15 on the date; children whose date of birth is unknown are left out) looked after on a date as core.looked_after_year_ends defines it for every mart (DfE SSDA903: an episode covers the date, one ending on the date does not, and its legal status is not V3/V4 short breaks), as at the run's as-at date and as at the end of every reporting year (the current year's end being the as-at date): the school term containing the date (core.school_terms, from education.term_starts) and whether a completed PEP review (pep_type review) was dated in that term on or before the date. PEPs must be reviewed every school term (statutory guidance on promoting the education of looked-after children). initial_pep_this_term shows a completed initial PEP in the term, which does not count as a review. KPI PEP_REVIEW_THIS_TERM uses the rows as at each year's end.
-- check: unique(as_at_date, person_id)
-- check: not_null(as_at_date, person_id, period_id, age, term_start, term_label, pep_review_this_term, initial_pep_this_term)
-- check: expect(age BETWEEN 5 AND 15)
-- check: expect(term_start <= as_at_date)
-- check: expect(NOT pep_review_this_term OR last_pep_review_date BETWEEN term_start AND as_at_date)
WITH looked_after AS (
    -- looked after on the date as core.looked_after_year_ends defines it for every mart
    SELECT l.as_at_date, l.person_id, l.period_id, l.period_start,
        core.age_on(pe.dob, l.as_at_date) AS age
    FROM core.looked_after_year_ends l
    JOIN staging.person pe ON pe.person_id = l.person_id
),
in_term AS (
    SELECT l.*, t.term_start, t.term_label
    FROM looked_after l
    JOIN core.school_terms t ON l.as_at_date BETWEEN t.term_start AND t.term_end
    WHERE l.age BETWEEN 5 AND 15
),
peps AS (
    SELECT i.as_at_date, i.person_id,
        max(e.pep_date) FILTER (WHERE e.pep_type = 'review') AS last_pep_review_date,
        count(*) FILTER (WHERE e.pep_type = 'initial') > 0 AS initial_pep_this_term
    FROM in_term i
    JOIN staging.cla_pep e
        ON e.person_id = i.person_id
        AND e.status = 'completed'
        AND e.pep_date BETWEEN i.term_start AND i.as_at_date
    GROUP BY ALL
)
SELECT
    i.as_at_date,
    i.person_id,
    i.period_id,
    i.period_start,
    i.age,
    i.term_start,
    i.term_label,
    pp.last_pep_review_date,
    pp.last_pep_review_date IS NOT NULL AS pep_review_this_term,
    coalesce(pp.initial_pep_this_term, false) AS initial_pep_this_term
FROM in_term i
LEFT JOIN peps pp USING (as_at_date, person_id)
