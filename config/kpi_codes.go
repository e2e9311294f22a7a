package config

import (
	"maps"
	"slices"
	"strings"

	sqlfiles "carewh/sql"
)

// validateKPICodes checks that every target and headline names a built-in
// KPI, listing the valid codes, so that a misspelt code is found when the
// config is loaded rather than when a run starts.
func (c *Config) validateKPICodes(add func(path, format string, args ...any)) {
	codes, err := sqlfiles.KPICodes()
	if err != nil {
		add("targets", "reading the built-in KPI list: %v", err)
		return
	}
	known := strings.Join(codes, ", ")
	for _, code := range slices.Sorted(maps.Keys(c.Targets)) {
		if !slices.Contains(codes, code) {
			add("targets."+code, "no such KPI (the KPIs are: %s)", known)
		}
	}
	for i, code := range c.Reporting.HeadlineKPIs {
		if !slices.Contains(codes, code) {
			add("reporting.headline_kpis", "item %d: no such KPI %q (the KPIs are: %s)", i+1, code, known)
		}
	}
}
