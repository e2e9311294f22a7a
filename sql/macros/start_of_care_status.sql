-- model: core.start_of_care_status
-- materialize: macro
-- description: core.start_of_care_status(done_date, due_date, period_end, as_at_date): the status of a task owed once when a child becomes looked after (the initial health assessment, the initial PEP), given the date it was first done (null if not), its due date, the end of the period of care and the as-at date: on_time (done on or before the due date), late (done after it), left_care_before_due (not done and the child left care on or before the due date, so none was owed), not_yet_due (not done, due on or after the as-at date), not_done (not done and the due date has passed). core.in_start_of_care_measure says which statuses a measure counts.
(done_date, due_date, period_end, as_at_date) AS
    CASE
        WHEN done_date <= due_date THEN 'on_time'
        WHEN done_date IS NOT NULL THEN 'late'
        WHEN period_end IS NOT NULL AND period_end <= due_date THEN 'left_care_before_due'
        WHEN due_date >= as_at_date THEN 'not_yet_due'
        ELSE 'not_done'
    END
