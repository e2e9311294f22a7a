-- model: staging.stability_meetings
-- depends: raw.stability_meetings
-- materialize: view
-- incremental: person_id
-- description: Placement stability and disruption meetings (local form).
-- check: unique(meeting_id)
-- check: not_null(person_id, meeting_date, meeting_type)
SELECT meeting_id, person_id, placement_id, meeting_date, meeting_type, _source, _line
FROM raw.stability_meetings
