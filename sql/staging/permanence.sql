-- model: staging.permanence
-- depends: raw.permanence
-- materialize: view
-- incremental: person_id
-- description: Permanence milestones: adoption decisions, orders, matching and placement, and the order that ended care.
-- check: unique(permanence_id)
-- check: not_null(person_id)
SELECT permanence_id, person_id, cla_id, adm_decision_date, ffa_cp_decision_date, placement_order_date, matched_date,
    placed_for_adoption_date, placed_foster_carer_date, adopted_by_carer, decision_reversed_date, decision_reversed_reason,
    permanence_order_date, permanence_order_type, _source, _line
FROM raw.permanence
