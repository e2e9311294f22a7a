-- compare: as a set
-- the rules each child meets, named as marts.permanence_tracker_rules
-- (the About sheet) names them: the README's reasons, one for one
SELECT person_id AS person, array_to_string(rag_rules, '+') AS rules, rag FROM marts.permanence_tracker
