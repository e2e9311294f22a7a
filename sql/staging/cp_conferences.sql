-- model: staging.cp_conferences
-- depends: raw.cp_conferences, raw.s47_enquiries, staging.s47_enquiries
-- materialize: table
-- incremental: person_id
-- description: Initial child protection conferences, with the strategy discussion date taken from the S47 enquiry that led to them where the source carries none. A conference whose enquiry was quarantined (ops.quarantine names it) has no strategy discussion date and is outside the timeliness measure; one that is not a transfer-in and names neither is warned about.
-- check: unique(icpc_id)
-- check: not_null(person_id)
-- warn: relationship(s47_enquiry_id -> staging.s47_enquiries.s47_enquiry_id or quarantined)
-- warn: expect(transfer_in OR strategy_discussion_date IS NOT NULL OR s47_enquiry_id IS NOT NULL)
SELECT c.icpc_id, c.person_id, c.s47_enquiry_id,
    coalesce(c.strategy_discussion_date, s.start_date) AS strategy_discussion_date,
    c.icpc_target_date, c.icpc_date, coalesce(c.transfer_in, false) AS transfer_in, c.outcome_cp_plan, c._source, c._line
FROM raw.cp_conferences c
LEFT JOIN raw.s47_enquiries s ON s.s47_enquiry_id = c.s47_enquiry_id
