-- model: marts.kpi_values_adoption
-- depends: marts.adoption_scorecard
-- materialize: table
-- incremental: none, totals per year and KPI
-- description: Numerators and denominators of the DfE adoption scorecard KPIs, one row per reporting year per KPI, from marts.adoption_scorecard. The average KPIs (A1, A10, A2) have numerator = total days and denominator = children, so numerator / denominator is the average in days and the numerator exceeds the denominator; A3 is children who waited less than 426 days / children adopted with an A1 time. The _3YR_ KPIs pool the year and the two before it: total days (or children) of the three years over the children of the three years.
-- check: unique(reporting_year, kpi_code)
-- check: not_null(reporting_year, kpi_code, numerator, denominator)
-- check: accepted_values(kpi_code: ADOPTION_A1_AVG_DAYS, ADOPTION_A1_3YR_AVG_DAYS, ADOPTION_A10_AVG_DAYS, ADOPTION_A10_3YR_AVG_DAYS, ADOPTION_A2_AVG_DAYS, ADOPTION_A2_3YR_AVG_DAYS, ADOPTION_A3_WITHIN_14_MONTHS, ADOPTION_A3_3YR_WITHIN_14_MONTHS)
-- check: expect(numerator >= 0 AND denominator >= 0)
-- check: expect(numerator <= denominator OR kpi_code NOT LIKE 'ADOPTION_A3_%')
SELECT s.reporting_year, k.kpi_code,
    CASE k.measure WHEN 'a1' THEN s.a1_total_days WHEN 'a10' THEN s.a10_total_days
                   WHEN 'a2' THEN s.a2_total_days ELSE s.a3_children_within END AS numerator,
    CASE k.measure WHEN 'a1' THEN s.a1_children WHEN 'a10' THEN s.a10_children
                   WHEN 'a2' THEN s.a2_children ELSE s.a3_children END AS denominator
FROM marts.adoption_scorecard s
JOIN (VALUES
    ('ADOPTION_A1_AVG_DAYS', 'a1', 'year'),
    ('ADOPTION_A1_3YR_AVG_DAYS', 'a1', '3_years'),
    ('ADOPTION_A10_AVG_DAYS', 'a10', 'year'),
    ('ADOPTION_A10_3YR_AVG_DAYS', 'a10', '3_years'),
    ('ADOPTION_A2_AVG_DAYS', 'a2', 'year'),
    ('ADOPTION_A2_3YR_AVG_DAYS', 'a2', '3_years'),
    ('ADOPTION_A3_WITHIN_14_MONTHS', 'a3', 'year'),
    ('ADOPTION_A3_3YR_WITHIN_14_MONTHS', 'a3', '3_years')
) AS k(kpi_code, measure, basis) ON k.basis = s.basis
