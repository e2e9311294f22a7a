-- model: ops.data_fixes
-- depends: staging.cla_episode_resolution, ops.run_parameters
-- materialize: table
-- incremental: none, the run's account of its fixes
-- description: Every change carewh made to a source row to resolve a conflict, one row per rule applied: the table, the source file and line, the record's key, the child's pseudonym, the rule, the column, the value as read and the value used, and a plain-English message. Rows carewh set aside entirely are in ops.quarantine instead. The rules are described on staging.cla_episode_resolution.
-- check: not_null(table_name, source, line, record_key, rule, column_name, message)
WITH e AS (
    SELECT *,
        _source || ' line ' || _line || ': episode ' || episode_id || ' (child ' || person_id || ', started '
            || strftime(episode_start_date, '%Y-%m-%d') || ')' AS said,
        next_source || ' line ' || next_line AS next_at,
        strftime(next_start, '%Y-%m-%d') AS next_day,
        strftime(source_end_date, '%Y-%m-%d') AS source_end_day,
        strftime(episode_end_date, '%Y-%m-%d') AS end_day
    FROM staging.cla_episode_resolution
    WHERE kept
),
fixes AS (
    SELECT e.*, 'end_after_as_at' AS rule, 'episode_end_date' AS column_name, source_end_day AS value, NULL::VARCHAR AS new_value,
        said || ' ended on ' || source_end_day || coalesce(' (' || source_end_reason || ')', '')
            || ', after the run''s as-at date ' || strftime(p.as_of_date, '%Y-%m-%d')
            || ': that end has not happened yet, so the episode is taken as open' AS message
    FROM e, ops.run_parameters p WHERE end_after_as_at
    UNION ALL
    SELECT e.*, 'reason_without_end', 'end_reason', source_end_reason, NULL,
        said || ' has reason episode ceased ' || source_end_reason || ' but no end date: the reason is left out and the episode taken as open'
    FROM e WHERE reason_without_end
    UNION ALL
    SELECT e.*, 'open_not_last', 'episode_end_date', NULL, end_day,
        said || ' has no end date, but the child''s next episode (' || next_at || ') starts on ' || next_day || ': '
            || CASE WHEN next_start_reason = 'S'
                    THEN 'that episode starts a new period of care (RNE S), so this one is taken to end the day before, ' || end_day
                        || ', for an unknown reason'
                    ELSE 'that episode continues the period (RNE ' || next_start_reason
                        || '), so this one is taken to end that day with reason X1 (a new episode starts the same day)' END
    FROM e WHERE open_not_last
    UNION ALL
    SELECT e.*, 'overlaps_next', 'episode_end_date', source_end_day, end_day,
        said || ' ends on ' || source_end_day || ', after the child''s next episode (' || next_at || ') started on ' || next_day
            || ': the episode is taken to end on ' || end_day
            || CASE WHEN next_start_reason = 'S' THEN ', the day before that episode starts a new period of care (RNE S)' ELSE '' END
    FROM e WHERE overlaps_next
    UNION ALL
    SELECT e.*, 'gap_after_x1', 'episode_end_date', source_end_day, end_day,
        said || ' ended on ' || source_end_day || ' with reason X1 (a new episode starts the same day), but the next episode ('
            || next_at || ') starts on ' || next_day || ' and continues the period (RNE ' || next_start_reason
            || '): the episode is taken to run until then'
    FROM e WHERE gap_after_x1
    UNION ALL
    SELECT e.*, 'x1_before_new_period', 'end_reason', 'X1', NULL,
        said || ' ended with reason X1 (a new episode starts the same day), but the next episode (' || next_at
            || ') starts a new period of care (RNE S): the period ended for an unknown reason'
    FROM e WHERE x1_before_new_period
    UNION ALL
    SELECT e.*, 'x1_without_successor', 'end_reason', 'X1', NULL,
        said || ' ended on ' || source_end_day || ' with reason X1 (a new episode starts the same day), but no later episode of the child is in the extract'
            || ': the period ended for an unknown reason'
    FROM e WHERE x1_without_successor
    UNION ALL
    SELECT e.*, 'missing_end_reason', 'end_reason', NULL, 'X1',
        said || ' ended on ' || source_end_day || ' with no reason episode ceased, and the next episode (' || next_at
            || ') continues the period (RNE ' || next_start_reason || ') on ' || next_day || ': taken as X1'
            || CASE WHEN next_start > source_end_date THEN ', running until the next episode starts' ELSE '' END
    FROM e WHERE missing_end_reason
    UNION ALL
    SELECT e.*, 'rne_after_ceased', 'start_reason', source_start_reason, 'S',
        said || ' has reason for new episode ' || source_start_reason || ', but the child''s previous episode ('
            || previous_source || ' line ' || previous_line || ') ended the period of care with reason '
            || previous_end_reason || ': the episode is taken to start a new period (RNE S)'
    FROM e WHERE rne_after_ceased
    UNION ALL
    SELECT e.*, 'legal_status_carried', 'legal_status', NULL, legal_status,
        said || ' has no legal status (none on the row and none in force on its start date), and it changed only the placement (RNE '
            || start_reason || ') after episode ' || previous_episode_id || ' (' || previous_source || ' line ' || previous_line
            || '): it keeps that episode''s legal status, ' || legal_status
    FROM e WHERE legal_status_carried
    UNION ALL
    SELECT e.*, 'legal_status_unknown', 'legal_status', NULL, NULL,
        said || ' has no legal status (none on the row and none in force on its start date): it counts as looked after, not as a short break (V3/V4)'
    FROM e WHERE legal_status_unknown
)
SELECT 'cla_episodes' AS table_name, _source AS source, _line AS line, episode_id AS record_key, person_id,
    rule, column_name, value, new_value, message
FROM fixes
