-- model: core.lac_review_periods
-- depends: staging.cla_reviews, core.periods_of_care
-- materialize: table
-- incremental: person_id
-- build: in slices of children
-- description: Each held LAC review (a review date, not cancelled) with the period of care it fell in (none when outside every period; the latest to start when it falls on the day one period ends and the next begins) and, for a second review of the same period on the same day, the first review it duplicates: the first in the source (by file, then line), so which one is kept does not depend on the ids' pseudonyms. Kept apart from core.lac_reviews so that each query holds only keys: at national scale the two in one query did not fit DuckDB's memory limit.
-- check: unique(review_id)
-- check: not_null(review_id, person_id, review_date)
-- check: relationship(period_id -> core.periods_of_care.period_id)
WITH held AS (
    SELECT review_id, person_id, review_date, _source, _line
    FROM staging.cla_reviews
    WHERE review_date IS NOT NULL AND NOT cancelled
),
chosen AS (
    SELECT h.review_id, h.person_id, h.review_date, any_value(h._source) AS _source, any_value(h._line) AS _line,
        arg_max(p.period_id, p.period_start) AS period_id
    FROM held h
    LEFT JOIN core.periods_of_care p
        ON p.person_id = h.person_id
        AND h.review_date >= p.period_start
        -- every condition a comparison: with an OR here DuckDB plans the
        -- join as a nested loop, quadratic in the number of children
        AND h.review_date <= coalesce(p.period_end, DATE '9999-12-31')
    GROUP BY h.review_id, h.person_id, h.review_date
)
SELECT review_id, person_id, review_date, period_id,
    CASE WHEN period_id IS NOT NULL THEN
        nullif(first_value(review_id) OVER (PARTITION BY period_id, review_date ORDER BY _source, _line, review_id), review_id)
    END AS duplicate_of
FROM chosen
