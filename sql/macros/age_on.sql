-- model: core.age_on
-- materialize: macro
-- description: core.age_on(dob, on_date): a person's age in whole years on a date, their birthday counted from the day itself (someone born on 29 February turns a year older on 1 March in other years). Null when either date is.
(dob, on_date) AS
    year(on_date) - year(dob)
    - CASE WHEN strftime(on_date, '%m%d') < strftime(dob, '%m%d') THEN 1 ELSE 0 END
