package bench

import "fmt"

// Growth compares the cost per source row of one stage at the larger scale
// with its cost at scale 1: 1 is perfectly linear growth.
type Growth struct {
	Figure string `json:"figure"`
	// SecondsPerMillionRows at scale 1 and at the larger scale, from the
	// medians.
	Scale1PerMillionRows float64 `json:"scale1_seconds_per_million_rows"`
	ScaleSPerMillionRows float64 `json:"scale_s_seconds_per_million_rows"`
	Ratio                float64 `json:"ratio"`
}

// Target is one of issues #7's and #17's targets, with what was measured
// against it.
type Target struct {
	Name     string  `json:"name"`
	Limit    float64 `json:"limit"`
	Measured float64 `json:"measured"`
	Unit     string  `json:"unit"`
	Met      bool    `json:"met"`
}

// The targets, for a 2-core machine.
const (
	MaxIngestRatio     = 1.5
	MaxWarehouseRatio  = 2.5
	MaxPeakRSSBytes    = 1.5 * (1 << 30)
	MaxGrowthRatio     = 1.2
	MaxNoChangeSeconds = 2.0 // at scale 1
	// MaxNoChangeSecondsLarge is the no-change run's limit at the largest
	// scale, when that is not 1.
	MaxNoChangeSecondsLarge = 3.0
	// MaxChangedRunRatio limits a run with about 1% of the children
	// changed against the same round's full run, at the largest scale.
	MaxChangedRunRatio  = 0.2
	growthTargetFigure  = FullRunSeconds
	noChangeTargetScale = 1
)

// grownFigures are the times whose growth with scale Run reports.
var grownFigures = []string{IngestSeconds, ChangesSeconds, WarehouseSeconds, FullRunSeconds, ChangedRunSeconds}

// peakFigures are the peaks of carewh's own stages (not the reference's).
var peakFigures = []string{IngestPeakRSS, ChangesPeakRSS, WarehousePeakRSS, NoChangePeakRSS, ChangedPeakRSS}

// growth works out each grown figure's per-row growth from scale 1 to the
// largest scale measured; none when only scale 1 was.
func growth(scales []ScaleResult) []Growth {
	if len(scales) < 2 {
		return nil
	}
	small, large := scales[0], scales[len(scales)-1]
	if small.SourceRows == 0 || large.SourceRows == 0 {
		return nil
	}
	var out []Growth
	for _, name := range grownFigures {
		a, okA := small.figure(name)
		b, okB := large.figure(name)
		if !okA || !okB || a.Median == 0 {
			continue
		}
		per1 := a.Median / float64(small.SourceRows) * 1e6
		perS := b.Median / float64(large.SourceRows) * 1e6
		out = append(out, Growth{Figure: name, Scale1PerMillionRows: per1, ScaleSPerMillionRows: perS, Ratio: perS / per1})
	}
	return out
}

// targets checks the measured figures against the targets: ingest and
// warehouse ratios and peak memory at the largest scale, growth of a full
// run, the no-change run at scale 1 and (when it is another) at the
// largest scale, and the changed run against the full run at the largest
// scale. The worst run counts, not the median.
func targets(res Result) []Target {
	if len(res.Scales) == 0 {
		return nil
	}
	large := res.Scales[len(res.Scales)-1]
	var out []Target
	add := func(name, unit string, limit, measured float64) {
		out = append(out, Target{Name: name, Limit: limit, Measured: measured, Unit: unit, Met: measured <= limit})
	}
	if f, ok := large.figure(IngestRatio); ok {
		add(fmt.Sprintf("ingest ratio carewh / DuckDB at scale %d", large.Scale), "ratio", MaxIngestRatio, f.Max)
	}
	if f, ok := large.figure(WarehouseRatio); ok {
		add(fmt.Sprintf("warehouse ratio carewh build / DuckDB load at scale %d", large.Scale), "ratio", MaxWarehouseRatio, f.Max)
	}
	var peak float64
	for _, name := range peakFigures {
		if f, ok := large.figure(name); ok {
			peak = max(peak, f.Max)
		}
	}
	add(fmt.Sprintf("peak RSS of any stage at scale %d", large.Scale), "bytes", MaxPeakRSSBytes, peak)
	for _, g := range res.Growth {
		if g.Figure == growthTargetFigure {
			add(fmt.Sprintf("per-row cost of a full run, scale %d / scale 1", large.Scale), "ratio", MaxGrowthRatio, g.Ratio)
		}
	}
	for _, s := range res.Scales {
		if f, ok := s.figure(NoChangeRunSeconds); ok && s.Scale == noChangeTargetScale {
			add("no-change run at scale 1, end to end", "seconds", MaxNoChangeSeconds, f.Max)
		}
	}
	// At scale 1 alone the 2 s target above is the stricter.
	if f, ok := large.figure(NoChangeRunSeconds); ok && large.Scale != noChangeTargetScale {
		add(fmt.Sprintf("no-change run at scale %d, end to end", large.Scale), "seconds", MaxNoChangeSecondsLarge, f.Max)
	}
	if f, ok := large.figure(ChangedRunRatio); ok {
		add(fmt.Sprintf("1%%-of-children changed run / full run at scale %d", large.Scale), "ratio", MaxChangedRunRatio, f.Max)
	}
	return out
}

// figure returns the named figure of a scale.
func (s ScaleResult) figure(name string) (Figure, bool) {
	for _, f := range s.Figures {
		if f.Name == name {
			return f, true
		}
	}
	return Figure{}, false
}
