-- model: marts.adoption_timeliness
-- depends: core.periods_of_care, core.placement_episodes, staging.cla_episodes, staging.permanence, ops.run_parameters
-- materialize: table
-- incremental: person_id
-- description: One row per child adopted: a period of care that ended with an adoption (reason episode ceased E11 or E12) on or before the run's as-at date, in any year, so that 3-year averages can reach back before the first reporting year. reporting_year is the reporting year of the adoption date (the period's end). The adoption record is the child's ssd_permanence row for that period (same CLA id, else milestone dates inside the period; the one with a placed-for-adoption date, not reversed, latest, wins). DfE adoption scorecard measures, in days, counted from care_start, the day the child became looked after (the period's start; for a period that began under V3/V4 short breaks, its first other episode, docs/domain.md §3a): placed_for_adoption_date, the day the child moved in with the adopters, is the record's adoption placement date where the source has one, else the start of the period's first placement for adoption (placement type A3-A6), so a source without adoption records (a 903 without usable AD1 rows) still gives A1, A10 and A3; placed_date_source says which. a1_days = placed_for_adoption_date - care_start, also when the child was adopted by their foster carer. a10_days = the same, but for a child adopted by their foster carer (the record's adopted_by_carer, else a first adoption placement A3 or A5, with the current foster carer) the clock stops when the child moved in with that carer: the record's placed_foster_carer_date, else the first episode of the unbroken chain of same-carer episodes (reason for new episode T or U, or L, a legal status change only) leading to the A3/A5 episode; never before care_start (a foster placement that began in an earlier period stops it at once). a2_days = matched_date - placement_order_date, 0 when matched before the order, null without both dates (KPI A2 is 'not available from this source' when no record has both: marts.kpi_availability); a3_waited_less = a1_days < adoption.a3_wait_days (426 days, 14 months). A1, A10 and A3 are null for a period whose start is unknown (the child was already looked after when the source's history begins, docs/domain.md §3a): a start-of-care measure.
-- check: unique(period_id)
-- check: not_null(reporting_year, year_start, period_id, person_id, period_start, adopted_date, end_reason, adopted_by_carer)
-- check: accepted_values(end_reason: E11, E12)
-- check: expect(a2_days IS NULL OR a2_days >= 0)
-- check: expect(a3_waited_less IS NULL = (a1_days IS NULL))
-- warn: expect(a1_days IS NULL OR a1_days >= 0)
-- warn: expect(a10_days IS NULL OR (a10_days >= 0 AND (a1_days IS NULL OR a10_days <= a1_days)))
-- warn: not_null(placed_for_adoption_date)
-- check: accepted_values(placed_date_source: permanence, episodes)
-- check: expect((placed_date_source IS NULL) = (placed_for_adoption_date IS NULL))
WITH p AS (SELECT * FROM ops.run_parameters),
adopted AS (
    SELECT pc.period_id, pc.person_id, pc.period_start, coalesce(pc.care_start, pc.period_start) AS care_start,
        pc.start_known, pc.period_end AS adopted_date, pc.end_reason,
        year(pc.period_end) - CASE WHEN month(pc.period_end) < p.year_start_month THEN 1 ELSE 0 END AS fy,
        p.year_start_month
    FROM core.periods_of_care pc, p
    WHERE pc.end_reason IN ('E11', 'E12') AND pc.period_end <= p.as_of_date
),
period_cla_ids AS (
    SELECT a.period_id, list(DISTINCT e.cla_id) FILTER (WHERE e.cla_id IS NOT NULL) AS cla_ids
    FROM adopted a
    JOIN staging.cla_episodes e
        ON e.person_id = a.person_id AND e.episode_start_date BETWEEN a.period_start AND a.adopted_date
    GROUP BY a.period_id
),
record AS (
    SELECT a.period_id, pm.*
    FROM adopted a
    LEFT JOIN period_cla_ids c ON c.period_id = a.period_id
    JOIN staging.permanence pm
        ON pm.person_id = a.person_id
        AND (list_contains(c.cla_ids, pm.cla_id)
             OR coalesce(pm.placed_for_adoption_date, pm.matched_date, pm.placement_order_date, pm.permanence_order_date)
                BETWEEN a.period_start AND a.adopted_date)
    QUALIFY row_number() OVER (
        PARTITION BY a.period_id
        ORDER BY coalesce(list_contains(c.cla_ids, pm.cla_id), false) DESC,
            pm.placed_for_adoption_date IS NOT NULL DESC,
            pm.decision_reversed_date IS NULL DESC,
            pm.placed_for_adoption_date DESC,
            pm.permanence_id) = 1
),
chains AS (
    -- each episode of an adopted period with the start of its unbroken chain of same-carer episodes:
    -- T and U (placement change, same carer) and L (legal status only) continue the carer
    SELECT e.period_id, e.episode_start_date, e.placement_type,
        max(CASE WHEN e.start_reason NOT IN ('T', 'U', 'L') OR e.episode_start_date = e.period_start
                 THEN e.episode_start_date END) OVER (
            PARTITION BY e.period_id ORDER BY e.episode_start_date, e.episode_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS carer_chain_start
    FROM core.placement_episodes e
    JOIN adopted a ON a.period_id = e.period_id
),
moved_in AS (
    -- the first placement for adoption (A3-A6) of the period: the day the child moved in with the adopters
    SELECT period_id,
        min(episode_start_date) AS adoption_placement_date,
        arg_min(placement_type IN ('A3', 'A5'), episode_start_date) AS with_foster_carer,
        arg_min(carer_chain_start, episode_start_date) AS carer_chain_start
    FROM chains
    WHERE placement_type IN ('A3', 'A4', 'A5', 'A6')
    GROUP BY period_id
),
measured AS (
    SELECT a.*,
        r.permanence_id, r.placement_order_date, r.matched_date,
        coalesce(r.placed_for_adoption_date, mi.adoption_placement_date) AS placed_for_adoption_date,
        CASE WHEN r.placed_for_adoption_date IS NOT NULL THEN 'permanence'
             WHEN mi.adoption_placement_date IS NOT NULL THEN 'episodes' END AS placed_date_source,
        coalesce(r.adopted_by_carer, mi.with_foster_carer, false) AS adopted_by_carer, r.placed_foster_carer_date,
        -- the clock cannot stop before the child became looked after (a foster placement that began in an
        -- earlier period, or under short breaks, stops it on that day)
        CASE
            WHEN coalesce(r.adopted_by_carer, false) AND r.placed_foster_carer_date IS NOT NULL
                THEN greatest(r.placed_foster_carer_date, a.care_start)
            WHEN coalesce(r.adopted_by_carer, mi.with_foster_carer, false) AND mi.with_foster_carer
                THEN greatest(mi.carer_chain_start, a.care_start)
            ELSE coalesce(r.placed_for_adoption_date, mi.adoption_placement_date)
        END AS a10_clock_stop,
        -- a start of care before the data begins is unknown (docs/domain.md §3a): no A1
        CASE WHEN a.start_known THEN coalesce(r.placed_for_adoption_date, mi.adoption_placement_date) - a.care_start END AS a1_days
    FROM adopted a
    LEFT JOIN record r ON r.period_id = a.period_id
    LEFT JOIN moved_in mi ON mi.period_id = a.period_id
)
SELECT
    CASE WHEN m.year_start_month = 1 THEN m.fy::VARCHAR
         ELSE m.fy::VARCHAR || '-' || lpad(((m.fy + 1) % 100)::VARCHAR, 2, '0') END AS reporting_year,
    make_date(m.fy::BIGINT, m.year_start_month, 1) AS year_start,
    m.period_id,
    m.person_id,
    m.period_start,
    m.care_start,
    m.adopted_date,
    m.end_reason,
    m.permanence_id,
    m.placement_order_date,
    m.matched_date,
    m.placed_for_adoption_date,
    m.placed_date_source,
    m.adopted_by_carer,
    m.placed_foster_carer_date,
    m.a10_clock_stop,
    m.a1_days,
    CASE WHEN m.start_known THEN m.a10_clock_stop - m.care_start END AS a10_days,
    -- greatest() skips nulls, so test the dates first
    CASE WHEN m.matched_date IS NOT NULL AND m.placement_order_date IS NOT NULL
         THEN greatest(m.matched_date - m.placement_order_date, 0) END AS a2_days,
    m.a1_days < p.a3_wait_days AS a3_waited_less
FROM measured m, p
