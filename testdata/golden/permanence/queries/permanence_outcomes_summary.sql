-- compare: as a set
SELECT reporting_year, outcome, periods_ended, children, children_ceased
FROM marts.permanence_outcomes_summary
