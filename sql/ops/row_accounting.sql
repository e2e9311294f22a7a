-- model: ops.row_accounting
-- depends: ops.run_tables, ops.run_parameters, ops.quarantine, ops.data_fixes, raw.quarantine, raw.person, raw.legal_status, raw.cla_episodes, raw.cla_placements, raw.cla_reviews, raw.cla_care_plans, raw.cla_health, raw.cla_pep, raw.cla_visits, raw.permanence, raw.s47_enquiries, raw.cp_conferences, raw.cp_plans, raw.cp_reviews, raw.professionals, raw.involvements, raw.iro_challenges, raw.iro_midpoint_checks, raw.case_audits, raw.life_story_work, raw.stability_meetings
-- materialize: table
-- incremental: none, totals per table
-- description: This run's account of every source row, one row per table: read_rows (what the source yielded, counted as it was read) = loaded_rows (in the warehouse as read) + fixed_rows (in the warehouse with a value emptied or changed: ops.quarantine rule bad_value, ops.data_fixes) + quarantined_rows (set aside whole, at ingest or in the warehouse: ops.quarantine). loaded and fixed rows are counted in the lake's rows as the warehouse reads them, independently of the count made at ingest, so a row lost between the two shows here.
-- check: unique(table_name)
-- check: not_null(table_name, loaded_rows, fixed_rows, quarantined_rows)
-- warn: expect(read_rows IS NULL OR read_rows = loaded_rows + fixed_rows + quarantined_rows)
WITH run AS (
    SELECT * FROM ops.run_tables WHERE run_id = (SELECT run_id FROM ops.run_parameters)
),
lake(table_name, record_key) AS (
    SELECT 'person', person_id FROM raw.person
    UNION ALL SELECT 'legal_status', legal_status_id FROM raw.legal_status
    UNION ALL SELECT 'cla_episodes', episode_id FROM raw.cla_episodes
    UNION ALL SELECT 'cla_placements', placement_id FROM raw.cla_placements
    UNION ALL SELECT 'cla_reviews', review_id FROM raw.cla_reviews
    UNION ALL SELECT 'cla_care_plans', care_plan_id FROM raw.cla_care_plans
    UNION ALL SELECT 'cla_health', health_check_id FROM raw.cla_health
    UNION ALL SELECT 'cla_pep', pep_id FROM raw.cla_pep
    UNION ALL SELECT 'cla_visits', visit_id FROM raw.cla_visits
    UNION ALL SELECT 'permanence', permanence_id FROM raw.permanence
    UNION ALL SELECT 's47_enquiries', s47_enquiry_id FROM raw.s47_enquiries
    UNION ALL SELECT 'cp_conferences', icpc_id FROM raw.cp_conferences
    UNION ALL SELECT 'cp_plans', cp_plan_id FROM raw.cp_plans
    UNION ALL SELECT 'cp_reviews', cp_review_id FROM raw.cp_reviews
    UNION ALL SELECT 'professionals', professional_id FROM raw.professionals
    UNION ALL SELECT 'involvements', involvement_id FROM raw.involvements
    UNION ALL SELECT 'iro_challenges', challenge_id FROM raw.iro_challenges
    UNION ALL SELECT 'iro_midpoint_checks', check_id FROM raw.iro_midpoint_checks
    UNION ALL SELECT 'case_audits', audit_id FROM raw.case_audits
    UNION ALL SELECT 'life_story_work', person_id FROM raw.life_story_work
    UNION ALL SELECT 'stability_meetings', meeting_id FROM raw.stability_meetings
),
set_aside AS (
    SELECT DISTINCT table_name, record_key FROM ops.quarantine WHERE stage = 'warehouse'
),
changed AS (
    -- a bad value emptied at ingest, on a row not also rejected whole
    SELECT table_name, record_key FROM raw.quarantine q
    WHERE rule = 'bad_value' AND NOT EXISTS (
        SELECT 1 FROM raw.quarantine o
        WHERE o.table_name = q.table_name AND o.source = q.source AND o.line = q.line AND o.rule <> 'bad_value')
    UNION
    SELECT table_name, record_key FROM ops.data_fixes
),
counted AS (
    SELECT l.table_name,
        count(*) AS lake_rows,
        count(*) FILTER (WHERE s.record_key IS NOT NULL) AS set_aside_in_warehouse,
        count(*) FILTER (WHERE s.record_key IS NULL AND c.record_key IS NOT NULL) AS fixed_rows,
        count(*) FILTER (WHERE s.record_key IS NULL AND c.record_key IS NULL) AS loaded_rows
    FROM lake l
    LEFT JOIN set_aside s ON s.table_name = l.table_name AND s.record_key = l.record_key
    LEFT JOIN changed c ON c.table_name = l.table_name AND c.record_key = l.record_key
    GROUP BY l.table_name
)
SELECT
    r.table_name,
    r.source,
    r.available,
    r.read_rows,
    coalesce(c.loaded_rows, 0) AS loaded_rows,
    coalesce(c.fixed_rows, 0) AS fixed_rows,
    r.quarantined_rows + coalesce(c.set_aside_in_warehouse, 0) AS quarantined_rows,
    r.quarantined_rows AS quarantined_at_ingest,
    coalesce(c.set_aside_in_warehouse, 0) AS quarantined_in_warehouse
FROM run r
LEFT JOIN counted c ON c.table_name = r.table_name
