-- model: staging.s47_enquiries
-- depends: raw.s47_enquiries
-- materialize: view
-- incremental: person_id
-- description: Section 47 enquiries; the start date is the strategy discussion that started them.
-- check: unique(s47_enquiry_id)
-- check: not_null(person_id, start_date)
SELECT s47_enquiry_id, person_id, start_date, end_date, _source, _line
FROM raw.s47_enquiries
