package sources

import (
	"time"

	"carewh/config"
	"carewh/pipelines/extract"
)

// Coverage is where a source's history begins (docs/domain.md §3a,
// partial histories): ops.run_parameters.coverage_start, which
// core.source_coverage reads. A zero start means the source does not say,
// and the earliest episode start in the source stands in for it.
type Coverage struct {
	Start time.Time
	Basis string
}

// CoverageOf is the config's source.history_start when set, else what
// the source knows of itself (an SSDA903 return's first collection year).
func CoverageOf(cfg *config.Config, src extract.Source) Coverage {
	if d, ok := cfg.HistoryStartDate(); ok {
		return Coverage{Start: d, Basis: "source.history_start"}
	}
	if c, ok := src.(extract.Coverer); ok {
		start, basis := c.CoverageStart()
		return Coverage{Start: start, Basis: basis}
	}
	return Coverage{}
}

// ReportableAsOf is the as-at date a run reports at: the configured one,
// or the last day the source knows of when that is earlier, since figures
// as at a later date would take every episode open when the source ends
// to be open still (docs/domain.md §3a: reporting years are those the
// source covers). ok is false when the date is the configured one.
func ReportableAsOf(src extract.Source, asOf time.Time) (date time.Time, basis string, ok bool) {
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
