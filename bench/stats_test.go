package bench

import "testing"

func TestSummarise(t *testing.T) {
	for _, c := range []struct {
		vs               []float64
		median, min, max float64
	}{
		{[]float64{3}, 3, 3, 3},
		{[]float64{5, 1, 3}, 3, 1, 5},
		{[]float64{4, 1, 2, 10}, 3, 1, 10},
	} {
		f := summarise("x", "seconds", c.vs)
		if f.Median != c.median || f.Min != c.min || f.Max != c.max {
			t.Errorf("summarise(%v) = %+v, want median %v min %v max %v", c.vs, f, c.median, c.min, c.max)
		}
	}
}

// TestMedianModels: each model's time is its median over the runs, and
// the slowest comes first.
func TestMedianModels(t *testing.T) {
	runs := []map[string]ModelTime{
		{"a": {"a", 10, 1}, "b": {"b", 5, 9}},
		{"a": {"a", 10, 3}, "b": {"b", 5, 1}},
		{"a": {"a", 10, 2}, "b": {"b", 5, 5}},
	}
	got := medianModels(runs)
	if len(got) != 2 || got[0] != (ModelTime{"b", 5, 5}) || got[1] != (ModelTime{"a", 10, 2}) {
		t.Errorf("medians: %+v", got)
	}
}
