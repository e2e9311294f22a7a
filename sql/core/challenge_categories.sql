-- model: core.challenge_categories
-- materialize: table
-- incremental: none, a code list
-- description: What an IRO challenge is about, in the order a report lists them (the canonical code list CHALLENGE_CATEGORY, which the transforms check source rows against). The one list the IRO challenge marts read: the categories a challenge may have, and every category the summary lists even when none was raised.
-- check: unique(category)
-- check: unique(sort_order)
-- check: not_null(category, sort_order)
SELECT * FROM (VALUES
    ('care_plan', 1),
    ('permanence', 2),
    ('health', 3),
    ('education', 4),
    ('placement', 5),
    ('contact', 6),
    ('drift', 7),
    ('other', 8)
) AS t(category, sort_order)
