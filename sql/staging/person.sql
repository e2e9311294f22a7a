-- model: staging.person
-- depends: raw.person
-- materialize: view
-- incremental: person_id
-- description: One row per child, identified by pseudonym only.
-- check: unique(person_id)
-- check: not_null(person_id, dob)
SELECT person_id, sex, gender, ethnicity, dob, death_date, _source, _line
FROM raw.person
