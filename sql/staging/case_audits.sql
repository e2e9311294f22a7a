-- model: staging.case_audits
-- depends: raw.case_audits
-- materialize: view
-- incremental: person_id
-- description: Case file audits with overall and IRO grades (local form).
-- check: unique(audit_id)
-- check: not_null(person_id, audit_date)
-- check: accepted_values(overall_grade: outstanding, good, requires_improvement, inadequate)
SELECT audit_id, person_id, audit_date, auditor_role, overall_grade, iro_grade, impact_on_child_evident, _source, _line
FROM raw.case_audits
