-- model: core.in_start_of_care_measure
-- materialize: macro
-- description: core.in_start_of_care_measure(status): whether a core.start_of_care_status counts in its measure's denominator: on_time, late and not_done do; a task not yet due, or not owed because the child left care first, does not.
(status) AS status IN ('on_time', 'late', 'not_done')
