-- model: core.challenge_levels
-- materialize: table
-- incremental: none, a code list
-- description: The levels of an IRO challenge under the dispute resolution protocol, in escalation order (the canonical code list CHALLENGE_LEVEL, which the transforms check source rows against): informal, formal stages 1 to 3, and referral to Cafcass. formal is true for every level but informal (IRO Handbook ch. 6: the formal process is to be complete within 20 working days). The one list the IRO challenge marts read: which levels are formal, the levels a challenge may have, and every level the summary lists even when none was raised.
-- check: unique(level)
-- check: unique(sort_order)
-- check: not_null(level, formal, sort_order)
SELECT * FROM (VALUES
    ('informal', false, 1),
    ('formal_1', true, 2),
    ('formal_2', true, 3),
    ('formal_3', true, 4),
    ('cafcass', true, 5)
) AS t(level, formal, sort_order)
