-- model: core.source_coverage
-- depends: ops.run_parameters, staging.cla_episodes
-- materialize: table
-- incremental: none, one row for the whole source
-- description: Where the source's history begins (docs/domain.md §3a, partial histories), one row. coverage_start is 1 April of an SSDA903 source's earliest collection year (a return lists every episode open on or after it), an SSD source's source.history_start, or, when neither says, the earliest episode start in the source (null when the source has no episodes); coverage_basis says which. A child whose first episode in the source starts on or before coverage_start with a reason for new episode other than S was already looked after when the history begins: that period's start is unknown (core.periods_of_care.start_known). Reporting years begin with the year holding coverage_start.
-- check: not_null(coverage_basis)
-- check: expect(first_episode_start IS NULL OR coverage_start IS NOT NULL)
SELECT
    coalesce(p.coverage_start, e.first_episode_start) AS coverage_start,
    CASE
        WHEN p.coverage_start IS NOT NULL THEN p.coverage_basis
        WHEN e.first_episode_start IS NOT NULL THEN 'the earliest episode start in the source'
        ELSE 'no episodes in the source'
    END AS coverage_basis,
    e.first_episode_start
FROM ops.run_parameters p
CROSS JOIN (SELECT min(episode_start_date) AS first_episode_start FROM staging.cla_episodes) e
