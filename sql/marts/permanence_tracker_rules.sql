-- model: marts.permanence_tracker_rules
-- depends: ops.run_parameters
-- materialize: table
-- incremental: none, the tracker's rules hold no child's rows
-- description: The permanence tracker's RAG rules, one row each, worded with the thresholds of the run that built the warehouse (tracker settings): what the tracker's About sheet says and what marts.permanence_tracker applies, a child's rag being the most severe rule they meet (rag_rules lists them) and green when they meet none. rule_id names the rule in marts.permanence_tracker.rag_rules.
-- check: unique(rule_id)
-- check: not_null(rule_id, rag, rule, sort_order)
-- check: accepted_values(rag: red, amber)
WITH p AS (SELECT * FROM ops.run_parameters)
SELECT rule_id, rag, rule, sort_order
FROM p, (VALUES
    ('no_plan_by_review_2', 'red', 'No permanence plan recorded in this period of care, and the second review has been held or is overdue.', 1),
    ('no_plan_in_care', 'red', 'No permanence plan recorded after more than ' || p.no_plan_red_days || ' days in care (the second review not yet due, or the child already looked after when the data begins).', 2),
    ('placement_order_no_match_red', 'red', 'A placement order more than ' || p.no_match_red_days || ' days old with no match, the adoption decision not reversed.', 3),
    ('placements_12_months', 'red', p.placements_red || ' or more placements in the last 12 months.', 4),
    ('placement_order_no_match_amber', 'amber', 'A placement order more than ' || p.no_match_amber_days || ' days old (and no more than ' || p.no_match_red_days || ') with no match, the adoption decision not reversed.', 5),
    ('review_overdue', 'amber', 'A LAC review overdue.', 6),
    ('no_stability_meeting', 'amber', 'No stability or disruption meeting since the last placement move.', 7),
    ('life_story_work', 'amber', 'Life story work not started, for a child with an adoption plan, or with a placement order whose adoption decision has not been reversed.', 8)
) AS r(rule_id, rag, rule, sort_order)
