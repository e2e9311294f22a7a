-- model: core.periods_of_care
-- depends: staging.cla_episodes, core.source_coverage
-- materialize: table
-- incremental: person_id
-- description: Periods of care: a child's unbroken run of episodes. A period starts with the child's first episode, an episode with reason for new episode S, or an episode after one that ended other than with X1 (episode ends and a new one starts the same day). It ends with its last episode; period_end is null while the child is still looked after. short_breaks_only marks periods made only of short-break episodes (legal status V3/V4), which have no statutory reviews. first_start_reason and first_legal_status are those of the period's first episode, latest_legal_status that of its last. care_start is the day the child became looked after in the DfE's SSDA903 sense: the start of the period's first episode whose legal status is not V3/V4 (a period that starts under short breaks and continues under another status became looked after on that later day); null for a period of short breaks only. start_known is false for a left-censored period (docs/domain.md §3a, partial histories): the child's first period in the source, whose first episode has a reason for new episode other than S and started on or before the source's coverage start (core.source_coverage), whatever entered_care_date says, since the reviews before the coverage start are missing: the child was already looked after when the history begins, its first observed review is not assessable, and start-of-care measures (first review, initial health assessment, PEP initiation, A1) leave it out.
-- check: unique(period_id)
-- check: not_null(period_id, person_id, period_start, short_breaks_only, start_known)
-- check: expect(period_end IS NULL OR period_end >= period_start)
-- warn: relationship(person_id -> staging.person.person_id or quarantined)
WITH ordered AS (
    SELECT *,
        row_number() OVER w AS n,
        lag(end_reason) OVER w AS previous_end_reason
    FROM staging.cla_episodes
    WINDOW w AS (PARTITION BY person_id ORDER BY episode_start_date, episode_id)
),
flagged AS (
    SELECT *,
        CASE WHEN n = 1 OR start_reason = 'S' OR previous_end_reason <> 'X1' THEN 1 ELSE 0 END AS starts_period
    FROM ordered
),
numbered AS (
    SELECT *,
        sum(starts_period) OVER (PARTITION BY person_id ORDER BY episode_start_date, episode_id) AS period_number
    FROM flagged
)
SELECT
    person_id || '/' || strftime(min(episode_start_date), '%Y-%m-%d') AS period_id,
    person_id,
    period_number,
    min(episode_start_date) AS period_start,
    CASE WHEN bool_or(episode_end_date IS NULL) THEN NULL ELSE max(episode_end_date) END AS period_end,
    CASE WHEN bool_or(episode_end_date IS NULL) THEN NULL ELSE arg_max(end_reason, episode_start_date) END AS end_reason,
    coalesce(bool_and(legal_status IN ('V3', 'V4')), false) AS short_breaks_only,
    arg_max(legal_status, episode_start_date) AS latest_legal_status,
    arg_min(start_reason, episode_start_date) AS first_start_reason,
    arg_min(legal_status, episode_start_date) AS first_legal_status,
    -- the day the child "became looked after" (DfE SSDA903): the first episode not under V3/V4
    CASE WHEN NOT coalesce(bool_and(legal_status IN ('V3', 'V4')), false)
         THEN coalesce(min(episode_start_date) FILTER (WHERE legal_status NOT IN ('V3', 'V4')), min(episode_start_date))
    END AS care_start,
    arg_max(placement_type, episode_start_date) AS latest_placement_type,
    count(*) AS episodes,
    -- false: left-censored, already looked after when the source's history begins (§3a)
    NOT (period_number = 1 AND arg_min(start_reason, episode_start_date) IS DISTINCT FROM 'S'
        AND min(episode_start_date) <= coalesce(any_value(cov.coverage_start), DATE '-infinity')) AS start_known
FROM numbered
CROSS JOIN core.source_coverage cov
GROUP BY person_id, period_number
