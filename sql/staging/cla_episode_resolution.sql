-- model: staging.cla_episode_resolution
-- depends: raw.cla_episodes, raw.legal_status, raw.cla_placements, ops.run_parameters
-- materialize: table
-- incremental: person_id
-- build: in slices of children
-- description: Every episode of the extract with how carewh resolves the conflicts real extracts carry, so that no source row can stop the build (after LIIA's SSDA903 episodes fix, rules written anew). Episodes are compared child by child in start order. Dropped (kept = false, quarantined): an episode starting after the run's as-at date (future_date); a second episode of a child starting the same day under another id (same_day_episode: the one kept is the one whose end meets the child's next episode start, or the open one when none follows; then the longer; then the later line of the source; then the lower id). Fixed (kept, values changed, recorded in ops.data_fixes): an end date after the as-at date is not yet history, so the episode is open and its reason episode ceased cleared (end_after_as_at); a reason episode ceased on an episode with no end date is cleared (reason_without_end); an open episode that is not the child's last ends when the next one starts, with reason X1, when the next one continues the period, and the day before with an unknown reason when the next one starts a new period with RNE S (open_not_last); an episode ending after the next one starts ends when it starts, or the day before when it starts a new period (overlaps_next); an X1 episode followed after a gap by an episode that continues the period runs to its start (gap_after_x1); an X1 followed by an episode with RNE S loses its X1, the period having ended for an unknown reason (x1_before_new_period); an X1 with no later episode loses its X1 (x1_without_successor); an ended episode with no reason, followed by an episode that continues the period, takes X1 and runs to its start (missing_end_reason); an episode with RNE other than S straight after an episode that ended the period of care (reason other than X1) starts a new period: its RNE is taken as S (rne_after_ceased). An episode with no legal status (none on the row, none in force in the legal statuses on its start date) that only changed the placement (RNE P or T) after an X1 keeps the previous episode's (legal_status_carried); otherwise it stays unknown and counts as looked after, not a short break (legal_status_unknown). Legal status and placement, where the source carries none on the episode (the SSD keeps them in ssd_legal_status and ssd_cla_placement), are the legal status in force on the episode's start date and the episode's placement.
-- check: unique(episode_id)
-- check: not_null(episode_id, person_id, episode_start_date, start_reason, kept)
-- check: expect(NOT kept OR episode_end_date IS NULL OR episode_end_date >= episode_start_date)
-- check: expect(NOT kept OR NOT (episode_end_date IS NULL AND end_reason IS NOT NULL))
WITH p AS (SELECT as_of_date FROM ops.run_parameters),
joined AS (
    SELECT
        e.episode_id,
        e.person_id,
        e.cla_id,
        e.entered_care_date,
        e.episode_start_date,
        e.start_reason,
        coalesce(e.legal_status,
            CASE WHEN ls.end_date IS NULL OR ls.end_date >= e.episode_start_date THEN ls.legal_status END) AS legal_status,
        e.need_code,
        e.placement_id,
        coalesce(e.placement_type, pl.placement_type) AS placement_type,
        coalesce(e.placement_provider, pl.provider) AS placement_provider,
        e.episode_end_date,
        e.end_reason,
        coalesce(e.place_change_reason, pl.change_reason) AS place_change_reason,
        e._source,
        e._line,
        e.episode_start_date > p.as_of_date AS starts_after_as_at
    FROM raw.cla_episodes e
    CROSS JOIN p
    ASOF LEFT JOIN raw.legal_status ls
        ON ls.person_id = e.person_id AND e.episode_start_date >= ls.start_date
    LEFT JOIN raw.cla_placements pl ON pl.placement_id = e.placement_id
),
-- each episode with its child's next later start (of an episode starting by
-- the as-at date)
starts AS (
    SELECT *,
        CASE WHEN NOT starts_after_as_at THEN min(episode_start_date) OVER (
            PARTITION BY person_id, starts_after_as_at ORDER BY episode_start_date
            RANGE BETWEEN INTERVAL 1 DAY FOLLOWING AND UNBOUNDED FOLLOWING) END AS next_distinct_start
    FROM joined
),
same_day AS (
    SELECT j.*,
        row_number() OVER w AS same_day_rank,
        first_value(j.episode_id) OVER w AS kept_episode_id,
        first_value(j._source) OVER w AS kept_source,
        first_value(j._line) OVER w AS kept_line
    FROM starts j
    WINDOW w AS (
        PARTITION BY j.person_id, j.episode_start_date, j.starts_after_as_at
        ORDER BY
            CASE WHEN j.next_distinct_start IS NULL THEN j.episode_end_date IS NULL
                 ELSE coalesce(j.episode_end_date = j.next_distinct_start, false) END DESC,
            j.episode_end_date DESC NULLS FIRST,
            j._line DESC,
            j.episode_id
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
-- Every row goes on to the end: a row dropped (a start after the as-at date,
-- or a later same-day rank) is in windows of its own below, apart from the
-- child's kept episodes, and takes none of their resolution. Joining the
-- kept rows back to every row instead read the windows' input twice, at
-- full width (at 150 councils, whole: 56.2 s against 44.1 s at 1GB).
own AS (
    SELECT *,
        same_day_rank = 1 AND NOT starts_after_as_at AS is_kept,
        -- an end after the as-at date has not happened yet
        coalesce(episode_end_date > p.as_of_date, false) AS end_after_as_at
    FROM same_day, p
),
ends AS (
    SELECT *,
        CASE WHEN end_after_as_at THEN NULL ELSE episode_end_date END AS end1,
        CASE WHEN end_after_as_at OR episode_end_date IS NULL THEN NULL ELSE end_reason END AS reason1,
        NOT end_after_as_at AND episode_end_date IS NULL AND end_reason IS NOT NULL AS reason_without_end
    FROM own
),
neighbours AS (
    SELECT *,
        lead(episode_id) OVER w AS next_episode_id,
        lead(episode_start_date) OVER w AS next_start,
        lead(start_reason) OVER w AS next_start_reason,
        lead(_source) OVER w AS next_source,
        lead(_line) OVER w AS next_line,
        lag(episode_id) OVER w AS previous_episode_id,
        lag(legal_status) OVER w AS previous_legal_status,
        lag(end1) OVER w AS previous_end1,
        lag(reason1) OVER w AS previous_reason1,
        lag(_source) OVER w AS previous_source,
        lag(_line) OVER w AS previous_line
    FROM ends
    WINDOW w AS (PARTITION BY person_id, is_kept ORDER BY episode_start_date)
),
flagged AS (
    SELECT *,
        end1 IS NULL AND next_start IS NOT NULL AS open_not_last,
        end1 > next_start AS overlaps_next,
        reason1 = 'X1' AND end1 < next_start AND next_start_reason <> 'S' AS gap_after_x1,
        reason1 = 'X1' AND next_start_reason = 'S' AS x1_before_new_period,
        reason1 = 'X1' AND next_start IS NULL AS x1_without_successor,
        end1 IS NOT NULL AND reason1 IS NULL AND next_start IS NOT NULL AND next_start_reason <> 'S' AS missing_end_reason
    FROM neighbours
),
ended AS (
    SELECT *,
        CASE
            -- the child left care at the latest the day before the next period began
            WHEN open_not_last OR overlaps_next THEN CASE WHEN next_start_reason = 'S' THEN next_start - 1 ELSE next_start END
            WHEN gap_after_x1 OR missing_end_reason THEN next_start
            ELSE end1
        END AS resolved_end_date,
        CASE
            WHEN open_not_last THEN CASE WHEN next_start_reason = 'S' THEN NULL ELSE 'X1' END
            WHEN x1_before_new_period OR x1_without_successor THEN NULL
            WHEN missing_end_reason THEN 'X1'
            ELSE reason1
        END AS resolved_end_reason,
        -- the previous episode's resolved_end_reason, worked out as above
        -- from its end and reason with this episode as its next, so that one
        -- window serves both neighbours
        CASE
            WHEN previous_episode_id IS NULL THEN NULL
            WHEN previous_end1 IS NULL THEN CASE WHEN start_reason = 'S' THEN NULL ELSE 'X1' END
            WHEN previous_reason1 = 'X1' AND start_reason = 'S' THEN NULL
            WHEN previous_reason1 IS NULL AND start_reason <> 'S' THEN 'X1'
            ELSE previous_reason1
        END AS previous_end_reason
    FROM flagged
),
resolved AS (
    SELECT *,
        start_reason <> 'S' AND previous_end_reason IS NOT NULL AND previous_end_reason <> 'X1' AS rne_after_ceased
    FROM ended
),
legal AS (
    SELECT *,
        -- P and T change the placement only: the legal status goes on
        legal_status IS NULL AND NOT rne_after_ceased AND start_reason IN ('P', 'T')
            AND previous_legal_status IS NOT NULL AND previous_end_reason = 'X1' AS legal_status_carried
    FROM resolved
),
legal_known AS (
    SELECT *, legal_status IS NULL AND NOT legal_status_carried AS legal_status_unknown
    FROM legal
)
SELECT
    episode_id,
    person_id,
    cla_id,
    entered_care_date,
    episode_start_date,
    CASE WHEN is_kept AND rne_after_ceased THEN 'S' ELSE start_reason END AS start_reason,
    CASE WHEN is_kept AND legal_status_carried THEN previous_legal_status ELSE legal_status END AS legal_status,
    need_code,
    placement_id,
    placement_type,
    placement_provider,
    CASE WHEN is_kept THEN resolved_end_date ELSE episode_end_date END AS episode_end_date,
    CASE WHEN is_kept THEN resolved_end_reason ELSE end_reason END AS end_reason,
    place_change_reason,
    _source,
    _line,
    is_kept AS kept,
    -- as read
    start_reason AS source_start_reason,
    episode_end_date AS source_end_date,
    end_reason AS source_end_reason,
    -- why an episode was dropped
    starts_after_as_at,
    CASE WHEN NOT starts_after_as_at AND same_day_rank > 1 THEN kept_episode_id END AS same_day_kept_episode_id,
    CASE WHEN NOT starts_after_as_at AND same_day_rank > 1 THEN kept_source END AS same_day_kept_source,
    CASE WHEN NOT starts_after_as_at AND same_day_rank > 1 THEN kept_line END AS same_day_kept_line,
    -- which rules changed a kept episode
    is_kept AND end_after_as_at AS end_after_as_at,
    is_kept AND coalesce(reason_without_end, false) AS reason_without_end,
    is_kept AND coalesce(open_not_last, false) AS open_not_last,
    is_kept AND coalesce(overlaps_next, false) AS overlaps_next,
    is_kept AND coalesce(gap_after_x1, false) AS gap_after_x1,
    is_kept AND coalesce(x1_before_new_period, false) AS x1_before_new_period,
    is_kept AND coalesce(x1_without_successor, false) AS x1_without_successor,
    is_kept AND coalesce(missing_end_reason, false) AS missing_end_reason,
    is_kept AND coalesce(rne_after_ceased, false) AS rne_after_ceased,
    is_kept AND coalesce(legal_status_carried, false) AS legal_status_carried,
    is_kept AND coalesce(legal_status_unknown, false) AS legal_status_unknown,
    -- the neighbours the rules looked at
    CASE WHEN is_kept THEN next_episode_id END AS next_episode_id,
    CASE WHEN is_kept THEN next_start END AS next_start,
    CASE WHEN is_kept THEN next_start_reason END AS next_start_reason,
    CASE WHEN is_kept THEN next_source END AS next_source,
    CASE WHEN is_kept THEN next_line END AS next_line,
    CASE WHEN is_kept THEN previous_episode_id END AS previous_episode_id,
    CASE WHEN is_kept THEN previous_end_reason END AS previous_end_reason,
    CASE WHEN is_kept THEN previous_legal_status END AS previous_legal_status,
    CASE WHEN is_kept THEN previous_source END AS previous_source,
    CASE WHEN is_kept THEN previous_line END AS previous_line
FROM legal_known
