-- model: core.placement_episodes
-- depends: staging.cla_episodes, core.periods_of_care
-- materialize: table
-- incremental: person_id
-- build: in slices of children
-- description: One row per episode of care, placed in its period of care and marked with the placement and the carer it belongs to, for the placement stability measures. starts_placement: the episode starts a new placement (reason for new episode S, P or B, or the first episode of a period); L (legal status only), T and U (placement change with the same carer) continue the placement. starts_carer: the episode starts a new carer; the same as starts_placement, except that an episode placed for adoption with the child's current foster carer (placement type A3 or A5, straight after a foster placement U1–U6 of the same period) continues the foster carer whatever its reason code, so an adoption by the child's own foster carer counts as the same carer. placement_start_date and carer_start_date are the dates the episode's placement and carer began.
-- check: unique(episode_id)
-- check: not_null(episode_id, person_id, period_id, episode_start_date, starts_placement, starts_carer, placement_number, placement_start_date, carer_start_date)
-- check: expect(starts_carer <= starts_placement)
-- check: expect(carer_start_date <= placement_start_date AND placement_start_date <= episode_start_date)
WITH placed AS (
    SELECT e.episode_id, e.person_id, p.period_id, p.period_start, p.period_end, p.short_breaks_only,
        e.episode_start_date, e.episode_end_date, e.start_reason, e.legal_status, e.placement_type
    FROM staging.cla_episodes e
    JOIN core.periods_of_care p
        ON p.person_id = e.person_id
        AND e.episode_start_date >= p.period_start
        AND (p.period_end IS NULL OR e.episode_start_date <= p.period_end)
    QUALIFY row_number() OVER (PARTITION BY e.episode_id ORDER BY p.period_start DESC) = 1
),
ordered AS (
    SELECT *,
        row_number() OVER w = 1 AS first_in_period,
        lag(placement_type) OVER w AS previous_placement_type
    FROM placed
    WINDOW w AS (PARTITION BY period_id ORDER BY episode_start_date, episode_id)
),
marked AS (
    SELECT *,
        first_in_period OR start_reason IN ('S', 'P', 'B') AS starts_placement,
        first_in_period OR (start_reason IN ('S', 'P', 'B')
            AND NOT (coalesce(placement_type IN ('A3', 'A5'), false)
                     AND coalesce(previous_placement_type IN ('U1', 'U2', 'U3', 'U4', 'U5', 'U6'), false))) AS starts_carer
    FROM ordered
)
SELECT
    episode_id,
    person_id,
    period_id,
    period_start,
    period_end,
    short_breaks_only,
    episode_start_date,
    episode_end_date,
    start_reason,
    legal_status,
    placement_type,
    starts_placement,
    starts_carer,
    sum(starts_placement::INTEGER) OVER w AS placement_number,
    max(CASE WHEN starts_placement THEN episode_start_date END) OVER w AS placement_start_date,
    max(CASE WHEN starts_carer THEN episode_start_date END) OVER w AS carer_start_date
FROM marked
WINDOW w AS (PARTITION BY period_id ORDER BY episode_start_date, episode_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
