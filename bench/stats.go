package bench

import "slices"

// Figure is one measured quantity over the runs.
type Figure struct {
	Name   string  `json:"name"`
	Unit   string  `json:"unit"` // seconds, bytes, rows_per_second or ratio
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// samples collects each figure's values, one per run, in the order the
// figures were first seen.
type samples struct {
	names  []string
	units  map[string]string
	values map[string][]float64
}

func newSamples() *samples {
	return &samples{units: map[string]string{}, values: map[string][]float64{}}
}

func (s *samples) add(name, unit string, v float64) {
	if _, ok := s.units[name]; !ok {
		s.names = append(s.names, name)
		s.units[name] = unit
	}
	s.values[name] = append(s.values[name], v)
}

func (s *samples) figures() []Figure {
	out := make([]Figure, 0, len(s.names))
	for _, name := range s.names {
		out = append(out, summarise(name, s.units[name], s.values[name]))
	}
	return out
}

// summarise gives the median (the mean of the middle two for an even
// count), min and max of vs.
func summarise(name, unit string, vs []float64) Figure {
	sorted := slices.Sorted(slices.Values(vs))
	n := len(sorted)
	median := sorted[n/2]
	if n%2 == 0 {
		median = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return Figure{Name: name, Unit: unit, Median: median, Min: sorted[0], Max: sorted[n-1]}
}
