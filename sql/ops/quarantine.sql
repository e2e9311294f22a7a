-- model: ops.quarantine
-- depends: raw.quarantine, raw.cp_reviews, raw.cp_plans, staging.cp_reviews, raw.cla_reviews, raw.cla_visits, raw.cla_episodes, staging.cla_placement_children, core.lac_reviews, staging.cla_episode_resolution, ops.run_parameters
-- materialize: table
-- incremental: none, the run's account of the rows it set aside
-- description: Every row this run set aside, one row per broken rule: the rows the transforms rejected (bad types, unknown codes, missing values, date order, duplicate keys), and the rows rejected in the warehouse for rules that need two tables (a review, visit or placement whose child is unknown, its episode not in the extract or itself quarantined, a review outside every period of care, a second review of a period on the same day, a child protection review whose plan is unknown or that was held outside its plan's dates, an episode starting after the as-at date or on the same day as another episode of the child: see staging.cla_episode_resolution). Rows carewh kept but changed are in ops.data_fixes. The source file and line name the row; stage says whether it was set aside at ingest (the transforms) or in the warehouse.
-- check: not_null(table_name, rule, message, stage)
SELECT table_name, source, line, record_key, rule, column_name, value, message, 'ingest' AS stage
FROM raw.quarantine
UNION ALL
SELECT o.table_name, o._source, o._line, o.record_key,
    CASE WHEN q.record_key IS NULL THEN 'unknown_episode' ELSE 'episode_quarantined' END,
    'episode_id', o.episode_id,
    o._source || ' line ' || o._line || ': ' || o.what || ' ' || o.record_key
        || CASE WHEN o.episode_id IS NULL THEN ' names no child and no episode, and no episode points at it'
                WHEN q.record_key IS NULL THEN ' belongs to episode ' || o.episode_id || ', which is not in the episodes extract'
                ELSE ' belongs to episode ' || o.episode_id || ', which was quarantined (' || q.source || ' line ' || q.line || ')' END
        || ': its child is unknown, so it is left out',
    'warehouse'
FROM (
    SELECT 'cla_reviews' AS table_name, 'review' AS what, r.review_id AS record_key, r.episode_id, r._source, r._line
    FROM raw.cla_reviews r ANTI JOIN raw.cla_episodes e ON e.episode_id = r.episode_id
    WHERE r.person_id IS NULL
    UNION ALL
    SELECT 'cla_visits', 'visit', v.visit_id, v.episode_id, v._source, v._line
    FROM raw.cla_visits v ANTI JOIN raw.cla_episodes e ON e.episode_id = v.episode_id
    WHERE v.person_id IS NULL
    UNION ALL
    SELECT 'cla_placements', 'placement', p.placement_id, p.episode_id, p._source, p._line
    FROM staging.cla_placement_children p
    WHERE p.person_id IS NULL
) o
LEFT JOIN (SELECT record_key, any_value(source) AS source, min(line) AS line
           FROM raw.quarantine WHERE table_name = 'cla_episodes' GROUP BY record_key) q
    ON q.record_key = o.episode_id
UNION ALL
SELECT 'cla_reviews', l._source, l._line, l.review_id, 'review_outside_care', 'review_date', strftime(l.review_date, '%Y-%m-%d'),
    l._source || ' line ' || l._line || ': review ' || l.review_id || ' was held on ' || strftime(l.review_date, '%Y-%m-%d')
        || ', outside every period of care of the child',
    'warehouse'
FROM core.lac_reviews l
WHERE l.period_id IS NULL
UNION ALL
SELECT 'cla_reviews', l._source, l._line, l.review_id, 'duplicate_review', 'review_date', strftime(l.review_date, '%Y-%m-%d'),
    l._source || ' line ' || l._line || ': review ' || l.review_id || ' was held on the same day as review '
        || l.duplicate_of || ' of the same period of care; only the first is counted',
    'warehouse'
FROM core.lac_reviews l
WHERE l.duplicate_of IS NOT NULL
UNION ALL
SELECT 'cla_episodes', e._source, e._line, e.episode_id,
    CASE WHEN e.starts_after_as_at THEN 'future_date' ELSE 'same_day_episode' END,
    'episode_start_date', strftime(e.episode_start_date, '%Y-%m-%d'),
    e._source || ' line ' || e._line || ': episode ' || e.episode_id || ' (child ' || e.person_id || ') starts on '
        || strftime(e.episode_start_date, '%Y-%m-%d')
        || CASE WHEN e.starts_after_as_at
                THEN ', after the run''s as-at date ' || strftime(p.as_of_date, '%Y-%m-%d') || ': it is not yet history'
                ELSE ', the same day as episode ' || e.same_day_kept_episode_id || ' (' || e.same_day_kept_source || ' line '
                    || e.same_day_kept_line || '), which is kept (the one whose end meets the child''s next episode, '
                    || 'or the open one when none follows; then the longer; then the later line)' END,
    'warehouse'
FROM staging.cla_episode_resolution e, ops.run_parameters p
WHERE NOT e.kept
UNION ALL
SELECT 'cp_reviews', r._source, r._line, r.cp_review_id,
    CASE WHEN p.cp_plan_id IS NOT NULL THEN 'review_outside_plan'
         WHEN q.record_key IS NOT NULL THEN 'plan_quarantined'
         ELSE 'unknown_plan' END,
    CASE WHEN p.cp_plan_id IS NOT NULL THEN 'review_date' ELSE 'cp_plan_id' END,
    CASE WHEN p.cp_plan_id IS NOT NULL THEN strftime(r.review_date, '%Y-%m-%d') ELSE r.cp_plan_id END,
    r._source || ' line ' || r._line || ': child protection review ' || r.cp_review_id
        || CASE WHEN p.cp_plan_id IS NOT NULL
                THEN ' was held on ' || strftime(r.review_date, '%Y-%m-%d')
                    || CASE WHEN r.review_date < p.start_date
                            THEN ', before its plan ' || p.cp_plan_id || ' started on ' || strftime(p.start_date, '%Y-%m-%d')
                            ELSE ', after its plan ' || p.cp_plan_id || ' ended on ' || strftime(p.end_date, '%Y-%m-%d') END
                    || ': it is not counted as one of the plan''s reviews'
                WHEN r.cp_plan_id IS NULL THEN ' names no plan: it is left out'
                WHEN q.record_key IS NULL THEN ' belongs to plan ' || r.cp_plan_id || ', which is not in the plans extract: it is left out'
                ELSE ' belongs to plan ' || r.cp_plan_id || ', which was quarantined (' || q.source || ' line ' || q.line || '): it is left out' END,
    'warehouse'
FROM raw.cp_reviews r
ANTI JOIN staging.cp_reviews s ON s.cp_review_id = r.cp_review_id
LEFT JOIN raw.cp_plans p ON p.cp_plan_id = r.cp_plan_id
LEFT JOIN (SELECT record_key, any_value(source) AS source, min(line) AS line
           FROM raw.quarantine WHERE table_name = 'cp_plans' GROUP BY record_key) q
    ON q.record_key = r.cp_plan_id
