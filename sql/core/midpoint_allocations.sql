-- model: core.midpoint_allocations
-- depends: core.midpoint_intervals, staging.involvements, staging.professionals
-- materialize: table
-- incremental: person_id
-- build: in slices of children
-- description: For each interval between LAC reviews (core.midpoint_intervals), the child's IRO and social worker (and the social worker's team) on the interval's last day: of the involvements open that day, the one that started last (of two that started the same day, the one later in the source, by file then line). Kept apart from marts.midpoint_monitoring so that each query fits DuckDB's memory limit at national scale.
-- check: unique(interval_key)
-- check: not_null(interval_key, person_id)
WITH open_on_end AS (
    -- the child's IRO and social worker involvements open on the interval's
    -- last day, each with the order that picks one: the latest start, then
    -- the later source, line and id (none is null)
    SELECT i.interval_key, i.person_id, v.role, v.professional_id, coalesce(v.team, pr.team) AS team,
        {'start': v.start_date, 'source': v._source, 'line': v._line, 'id': v.involvement_id} AS latest
    FROM core.midpoint_intervals i
    JOIN staging.involvements v
        ON v.person_id = i.person_id
        AND v.role IN ('iro', 'social_worker')
        AND v.start_date <= i.interval_end
        AND coalesce(v.end_date, DATE '9999-12-31') >= i.interval_end
    LEFT JOIN staging.professionals pr ON pr.professional_id = v.professional_id
)
-- One aggregate, built a slice of children at a time so that its states fit
-- in memory (whole, at 150 councils and 1GB, they do not); a window
-- numbering the joined rows, then a group-by, took 27.8 s in eight slices
-- against 20.6 s.
SELECT
    interval_key,
    person_id,
    arg_max_null(professional_id, latest) FILTER (WHERE role = 'iro') AS iro_id,
    arg_max_null(professional_id, latest) FILTER (WHERE role = 'social_worker') AS social_worker_id,
    arg_max_null(team, latest) FILTER (WHERE role = 'social_worker') AS team
FROM open_on_end
GROUP BY interval_key, person_id
