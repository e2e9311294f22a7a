-- model: marts.kpi_values_cp
-- depends: marts.cp_initial_conference_timeliness, marts.cp_review_timeliness, marts.cp_child_review_timeliness
-- materialize: table
-- incremental: none, totals per year and KPI
-- description: Numerators and denominators of the child protection timeliness KPIs, per reporting year. Initial conferences whose strategy discussion is not known are in neither conference measure; transfer-in conferences are measured apart.
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: expect(numerator <= denominator)
-- check: accepted_values(kpi_code: CP_ICPC_ON_TIME, CP_ICPC_TRANSFER_IN_ON_TIME, CP_REVIEWS_ON_TIME, CP_CHILDREN_ALL_REVIEWS_ON_TIME)
SELECT reporting_year,
    CASE WHEN transfer_in THEN 'CP_ICPC_TRANSFER_IN_ON_TIME' ELSE 'CP_ICPC_ON_TIME' END AS kpi_code,
    count(*) FILTER (WHERE on_time) AS numerator, count(*) AS denominator
FROM marts.cp_initial_conference_timeliness
WHERE on_time IS NOT NULL
GROUP BY ALL
UNION ALL
SELECT reporting_year, 'CP_REVIEWS_ON_TIME', count(*) FILTER (WHERE on_time), count(*)
FROM marts.cp_review_timeliness GROUP BY reporting_year
UNION ALL
SELECT reporting_year, 'CP_CHILDREN_ALL_REVIEWS_ON_TIME', count(*) FILTER (WHERE all_on_time), count(*)
FROM marts.cp_child_review_timeliness GROUP BY reporting_year
