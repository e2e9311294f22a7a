-- model: marts.permanence_tracker
-- depends: core.periods_of_care, core.tracker_placements, core.tracker_allocations, core.lac_review_slots, marts.lac_reviews_overdue, staging.person, staging.cla_episodes, staging.cla_care_plans, staging.permanence, staging.life_story_work, staging.stability_meetings, ops.run_parameters, core.age_on, marts.permanence_tracker_rules, core.looked_after_year_ends
-- materialize: table
-- incremental: person_id
-- description: The Permanence Tracker: one row per child looked after on the run's as-at date, as core.looked_after_year_ends defines it for every mart (an episode covers the date and its legal status is not V3/V4 short breaks), with their team, IRO, time in care, legal status, placement, placements in the last 12 months (every placement the child lived in during them, moves with the same carer included), permanence plan (codes; several is parallel planning) and when a plan was first recorded in this period of care, whether a plan was in place by the second review (yes, no, not yet due, or not assessable when the child was already looked after when the source's history begins, their reviews not numbered: docs/domain.md §3a), adoption and order milestones, life story work, whether a stability or disruption meeting was held since the last placement move, the next review, and a RAG status with every reason: the rules are marts.permanence_tracker_rules, worded with this run's thresholds (the About sheet shows them); rag_rules lists the rules the child meets, rag is the most severe of them (green: none), and rag_reason gives each one's particulars.
-- check: unique(person_id)
-- check: not_null(person_id, period_id, entered_care_date, days_in_care, placements_last_12_months, plan_by_review_2, life_story_work, stability_meeting_since_move, rag, rag_reason)
-- check: accepted_values(rag: red, amber, green)
-- check: accepted_values(plan_by_review_2: yes, no, not yet due, not assessable)
-- check: accepted_values(life_story_work: not started, started, completed)
-- check: accepted_values(stability_meeting_since_move: yes, no, no move)
-- check: relationship(period_id -> core.periods_of_care.period_id)
-- check: expect(days_in_care >= 0)
-- check: expect((rag = 'green') = (len(rag_rules) = 0))
WITH p AS (SELECT * FROM ops.run_parameters),
current AS (
    -- looked after on the as-at date as core.looked_after_year_ends defines it for every mart
    SELECT pc.*, p.as_of_date
    FROM p
    JOIN core.looked_after_year_ends l ON l.as_at_date = p.as_of_date
    JOIN core.periods_of_care pc ON pc.period_id = l.period_id
),
episode_now AS (
    SELECT c.period_id, arg_max(e.legal_status, e.episode_start_date) AS legal_status,
        arg_max(e.placement_type, e.episode_start_date) AS placement_type
    FROM current c
    JOIN staging.cla_episodes e ON e.person_id = c.person_id
        AND e.episode_start_date BETWEEN c.period_start AND c.as_of_date
    GROUP BY c.period_id
),
placements AS (
    SELECT c.period_id,
        count(*) FILTER (WHERE coalesce(s.spell_end, c.as_of_date) >= CAST(c.as_of_date - INTERVAL 12 MONTH AS DATE)) AS placements_last_12_months,
        max(s.spell_start) FILTER (WHERE s.start_reason <> 'S' AND s.spell_start > c.period_start) AS last_move_date
    FROM current c
    JOIN core.tracker_placements s ON s.period_id = c.period_id AND s.spell_start <= c.as_of_date
    GROUP BY c.period_id
),
plans AS (
    SELECT c.period_id,
        arg_max(cp.plan_codes, cp.start_date) FILTER (WHERE cp.end_date IS NULL OR cp.end_date >= c.as_of_date) AS permanence_plan,
        min(cp.start_date) FILTER (WHERE len(cp.plan_codes) > 0) AS plan_first_recorded
    FROM current c
    JOIN staging.cla_care_plans cp ON cp.person_id = c.person_id
        AND cp.start_date BETWEEN c.period_start AND c.as_of_date
    GROUP BY c.period_id
),
review_two AS (
    SELECT period_id, review_date, due_date FROM core.lac_review_slots WHERE sequence_number = 2
),
milestones AS (
    SELECT c.period_id,
        arg_max(pm, coalesce(pm.permanence_order_date, pm.placed_for_adoption_date, pm.matched_date,
            pm.placement_order_date, pm.adm_decision_date, pm.ffa_cp_decision_date)) AS m
    FROM current c
    JOIN staging.permanence pm ON pm.person_id = c.person_id
        AND coalesce(pm.permanence_order_date, pm.placed_for_adoption_date, pm.matched_date,
            pm.placement_order_date, pm.adm_decision_date, pm.ffa_cp_decision_date) >= c.period_start
    GROUP BY c.period_id
),
returned_home AS (
    SELECT c.period_id, max(earlier.period_end) AS previous_return_home_date
    FROM current c
    JOIN core.periods_of_care earlier ON earlier.person_id = c.person_id
        AND earlier.period_end < c.period_start AND earlier.end_reason IN ('E4A', 'E4B')
    GROUP BY c.period_id
),
tracker AS (
    SELECT
        c.as_of_date AS as_at_date,
        c.person_id,
        c.period_id,
        al.team,
        al.iro_id,
        al.social_worker_id,
        c.period_start AS entered_care_date,
        c.as_of_date - c.period_start AS days_in_care,
        core.age_on(pe.dob, c.as_of_date) AS age,
        en.legal_status,
        en.placement_type,
        coalesce(pl.placements_last_12_months, 0) AS placements_last_12_months,
        pl.last_move_date,
        coalesce(pn.permanence_plan, []) AS permanence_plan,
        len(coalesce(pn.permanence_plan, [])) > 1 AS parallel_planning,
        pn.plan_first_recorded,
        CASE
            -- already looked after when the source's history begins: its reviews are not numbered
            WHEN NOT c.start_known THEN 'not assessable'
            WHEN pn.plan_first_recorded IS NOT NULL
                AND pn.plan_first_recorded <= coalesce(r2.review_date, r2.due_date, c.as_of_date) THEN 'yes'
            WHEN r2.review_date IS NOT NULL THEN 'no'
            WHEN r2.due_date < c.as_of_date THEN 'no'
            ELSE 'not yet due'
        END AS plan_by_review_2,
        (ms.m).adm_decision_date AS adm_decision_date,
        (ms.m).placement_order_date AS placement_order_date,
        (ms.m).matched_date AS matched_date,
        (ms.m).placed_for_adoption_date AS placed_for_adoption_date,
        (ms.m).decision_reversed_date AS decision_reversed_date,
        (ms.m).permanence_order_date AS order_granted_date,
        (ms.m).permanence_order_type AS order_type,
        rh.previous_return_home_date,
        CASE
            WHEN lsw.completed_date IS NOT NULL AND lsw.completed_date <= c.as_of_date THEN 'completed'
            WHEN lsw.started_date IS NOT NULL AND lsw.started_date <= c.as_of_date THEN 'started'
            ELSE 'not started'
        END AS life_story_work,
        CASE
            WHEN pl.last_move_date IS NULL THEN 'no move'
            WHEN EXISTS (SELECT 1 FROM staging.stability_meetings sm
                         WHERE sm.person_id = c.person_id AND sm.meeting_date BETWEEN pl.last_move_date AND c.as_of_date) THEN 'yes'
            ELSE 'no'
        END AS stability_meeting_since_move,
        o.next_due_date AS next_review_due,
        coalesce(o.days_overdue, 0) AS review_days_overdue
    FROM current c
    LEFT JOIN staging.person pe ON pe.person_id = c.person_id
    LEFT JOIN core.tracker_allocations al ON al.person_id = c.person_id
    LEFT JOIN episode_now en ON en.period_id = c.period_id
    LEFT JOIN placements pl ON pl.period_id = c.period_id
    LEFT JOIN plans pn ON pn.period_id = c.period_id
    LEFT JOIN review_two r2 ON r2.period_id = c.period_id
    LEFT JOIN milestones ms ON ms.period_id = c.period_id
    LEFT JOIN returned_home rh ON rh.period_id = c.period_id
    LEFT JOIN staging.life_story_work lsw ON lsw.person_id = c.person_id
    LEFT JOIN marts.lac_reviews_overdue o ON o.period_id = c.period_id AND o.as_at_date = c.as_of_date
),
reasons AS (
    -- each rule of marts.permanence_tracker_rules a child meets, with the particulars
    SELECT person_id, 'no_plan_by_review_2' AS rule_id, 'no permanence plan after review 2' AS reason
    FROM tracker WHERE plan_by_review_2 = 'no' AND plan_first_recorded IS NULL
    UNION ALL
    SELECT person_id, 'no_plan_in_care', 'no permanence plan after ' || days_in_care || ' days in care'
    FROM tracker, p WHERE plan_first_recorded IS NULL AND plan_by_review_2 <> 'no' AND days_in_care > p.no_plan_red_days
    UNION ALL
    SELECT person_id,
        CASE WHEN as_at_date - placement_order_date > p.no_match_red_days THEN 'placement_order_no_match_red'
             ELSE 'placement_order_no_match_amber' END,
        'placement order ' || (as_at_date - placement_order_date) || ' days without match'
    FROM tracker, p
    WHERE placement_order_date IS NOT NULL AND matched_date IS NULL AND decision_reversed_date IS NULL
        AND as_at_date - placement_order_date > p.no_match_amber_days
    UNION ALL
    SELECT person_id, 'placements_12_months', placements_last_12_months || ' placements in the last 12 months'
    FROM tracker, p WHERE placements_last_12_months >= p.placements_red
    UNION ALL
    SELECT person_id, 'review_overdue', 'LAC review overdue by ' || review_days_overdue || ' days'
    FROM tracker WHERE review_days_overdue > 0
    UNION ALL
    SELECT person_id, 'no_stability_meeting', 'no stability meeting since the placement move on ' || strftime(last_move_date, '%d/%m/%Y')
    FROM tracker WHERE stability_meeting_since_move = 'no'
    UNION ALL
    -- a placement order whose adoption decision was reversed is no adoption plan
    SELECT person_id, 'life_story_work', 'life story work not started on an adoption plan'
    FROM tracker
    WHERE life_story_work = 'not started'
        AND (list_contains(permanence_plan, 'ADOPTION') OR (placement_order_date IS NOT NULL AND decision_reversed_date IS NULL))
),
rated AS (
    SELECT r.person_id, max(CASE ru.rag WHEN 'red' THEN 2 ELSE 1 END) AS severity,
        string_agg(r.reason, '; ' ORDER BY ru.rag DESC, r.reason) AS rag_reason,
        list(r.rule_id ORDER BY ru.sort_order) AS rag_rules
    FROM reasons r
    JOIN marts.permanence_tracker_rules ru USING (rule_id)
    GROUP BY r.person_id
)
SELECT
    t.*,
    CASE coalesce(r.severity, 0) WHEN 2 THEN 'red' WHEN 1 THEN 'amber' ELSE 'green' END AS rag,
    coalesce(r.rag_reason, 'on track') AS rag_reason,
    coalesce(r.rag_rules, []) AS rag_rules
FROM tracker t
LEFT JOIN rated r USING (person_id)
