-- model: staging.legal_status
-- depends: raw.legal_status
-- materialize: view
-- incremental: person_id
-- description: Legal statuses (DfE LS codes) with their start and end dates.
-- check: unique(legal_status_id)
-- check: not_null(person_id, legal_status, start_date)
SELECT legal_status_id, person_id, legal_status, start_date, end_date, _source, _line
FROM raw.legal_status
