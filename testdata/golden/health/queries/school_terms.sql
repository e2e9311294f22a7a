-- compare: as a set
SELECT term_start, term_end, school_year, term_number, term_label
FROM core.school_terms WHERE term_start BETWEEN DATE '2022-09-01' AND DATE '2024-08-31'
