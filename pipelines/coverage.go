package pipelines

import (
	"time"

	"carewh/config"
	"carewh/pipelines/extract"
)

// coverage is where a source's history begins (docs/domain.md §3a,
// partial histories): ops.run_parameters.coverage_start, which
// core.source_coverage reads. A zero start means the source does not say,
// and the earliest episode start in the source stands in for it.
type coverage struct {
	start time.Time
	basis string
}

// sourceCoverage is the config's source.history_start when set, else what
// the source knows of itself (an SSDA903 return's first collection year).
func sourceCoverage(cfg *config.Config, src extract.Source) coverage {
	if d, ok := cfg.HistoryStartDate(); ok {
		return coverage{start: d, basis: "source.history_start"}
	}
	if c, ok := src.(extract.Coverer); ok {
		start, basis := c.CoverageStart()
		return coverage{start: start, basis: basis}
	}
	return coverage{}
}

// reportableAsOf is the as-at date a run reports at: the configured one,
// or the last day the source knows of when that is earlier, since figures
// as at a later date would take every episode open when the source ends
// to be open still (docs/domain.md §3a: reporting years are those the
// source covers). ok is false when the date is the configured one.
func reportableAsOf(src extract.Source, asOf time.Time) (date time.Time, basis string, ok bool) {
	c, isCoverer := src.(extract.Coverer)
	if !isCoverer {
		return asOf, "", false
	}
	end, basis := c.CoverageEnd()
	if end.IsZero() || !end.Before(asOf) {
		return asOf, "", false
	}
	return end, basis, true
}
