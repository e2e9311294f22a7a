-- model: marts.kpi_definitions
-- materialize: table
-- description: What each board KPI means: its code, name, one-sentence definition, numerator and denominator, which direction is better, and the regulation or guidance it rests on.
-- check: unique(kpi_code)
-- check: not_null(kpi_code, kpi_name, definition, better)
-- check: accepted_values(better: higher, lower)
SELECT * FROM (VALUES
    ('LAC_REVIEWS_ON_TIME', 'LAC reviews held on time', 'reviews',
     'Share of statutory LAC reviews held in the year that were held on or before their statutory due date.',
     'Reviews held in the year on time', 'Reviews held in the year', 'higher',
     'Care Planning, Placement and Case Review (England) Regulations 2010, reg 33', 1),
    ('LAC_CHILDREN_ALL_REVIEWS_ON_TIME', 'Children whose reviews were all on time', 'reviews',
     'Share of children looked after for at least 4 weeks in the year (not on short breaks only) none of whose reviews held or due in the year was late or missed.',
     'Children with every review in the year on time', 'Children looked after 4 weeks or more in the year', 'higher',
     'Care Planning, Placement and Case Review (England) Regulations 2010, reg 33', 2),
    ('LAC_REVIEWS_OVERDUE', 'Children with an overdue review', 'reviews',
     'Share of children looked after at the end of the year (or on the as-at date for the current year) whose next statutory review was due before that date and had not been held.',
     'Children whose next review is overdue', 'Children looked after on the date', 'lower',
     'Care Planning, Placement and Case Review (England) Regulations 2010, reg 33', 3),
    ('LAC_PARTICIPATION', 'Children participating in their reviews', 'participation',
     'Share of statutory LAC reviews held in the year of children aged 4 or over at which the child participated (codes PN1–PN6).',
     'Reviews of children aged 4+ with code PN1–PN6', 'Reviews held in the year of children aged 4+', 'higher',
     'SSDA903 REVIEW_CODE; IRO Handbook', 4),
    ('LAC_PARTICIPATION_DIRECT', 'Children attending their reviews', 'participation',
     'Share of statutory LAC reviews held in the year of children aged 4 or over that the child attended (codes PN1–PN4).',
     'Reviews of children aged 4+ with code PN1–PN4', 'Reviews held in the year of children aged 4+', 'higher',
     'SSDA903 REVIEW_CODE; IRO Handbook', 5),
    ('LAC_PARTICIPATION_INDIRECT', 'Children conveying views without attending', 'participation',
     'Share of statutory LAC reviews held in the year of children aged 4 or over where the child did not attend but conveyed their views (codes PN5–PN6).',
     'Reviews of children aged 4+ with code PN5–PN6', 'Reviews held in the year of children aged 4+', 'higher',
     'SSDA903 REVIEW_CODE; IRO Handbook', 6)
) AS t(kpi_code, kpi_name, area, definition, numerator_definition, denominator_definition, better, source, sort_order)
