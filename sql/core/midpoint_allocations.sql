-- model: core.midpoint_allocations
-- depends: core.midpoint_intervals, staging.involvements, staging.professionals
-- materialize: table
-- incremental: person_id
-- build: in slices of children
-- description: For each interval between LAC reviews (core.midpoint_intervals), the child's IRO and social worker (and the social worker's team) on the interval's last day: of the involvements open that day, the one that started last (of two that started the same day, the one later in the source, by file then line). Kept apart from marts.midpoint_monitoring so that each query fits DuckDB's memory limit at national scale.
-- check: unique(interval_key)
-- check: not_null(interval_key, person_id)
WITH latest AS (
    -- the child's IRO and social worker on the interval's last day: of the
    -- involvements open that day, the one that started last (a window over
    -- narrow rows, which spills to disk, where arg_max states would not)
    SELECT i.interval_key, i.person_id, v.role, v.professional_id, coalesce(v.team, pr.team) AS team
    FROM core.midpoint_intervals i
    JOIN staging.involvements v
        ON v.person_id = i.person_id
        AND v.role IN ('iro', 'social_worker')
        AND v.start_date <= i.interval_end
        AND coalesce(v.end_date, DATE '9999-12-31') >= i.interval_end
    LEFT JOIN staging.professionals pr ON pr.professional_id = v.professional_id
    QUALIFY row_number() OVER (PARTITION BY i.interval_key, v.role ORDER BY v.start_date DESC, v._source DESC, v._line DESC, v.involvement_id DESC) = 1
),
allocation AS (
    SELECT interval_key, person_id,
        any_value(professional_id) FILTER (WHERE role = 'iro') AS iro_id,
        any_value(professional_id) FILTER (WHERE role = 'social_worker') AS social_worker_id,
        any_value(team) FILTER (WHERE role = 'social_worker') AS team
    FROM latest
    GROUP BY interval_key, person_id
)
SELECT * FROM allocation
