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
