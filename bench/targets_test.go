package bench

import (
	"math"
	"testing"
)

// TestGrowthAndTargets works two made-up scales through growth and
// targets. Scale 1: 1,000,000 rows, full run 10 s (10 s per million rows),
// ingest 2 s. Scale 150: 150,000,000 rows, full run 1,800 s (12 s per
// million: ratio 1.2, met at the limit), ingest 450 s (3 s per million:
// ratio 1.5). Ingest ratio worst run 1.6 (missed); peaks 900 MiB (ingest)
// and 1,600 MiB (warehouse, missed); scale 1's no-change run worst 1.9 s
// (met).
func TestGrowthAndTargets(t *testing.T) {
	fig := func(name string, median, worst float64) Figure {
		return Figure{Name: name, Median: median, Min: median, Max: worst}
	}
	const mib = 1 << 20
	res := Result{Scales: []ScaleResult{
		{Scale: 1, SourceRows: 1_000_000, Figures: []Figure{
			fig(FullRunSeconds, 10, 11), fig(IngestSeconds, 2, 2), fig(NoChangeRunSeconds, 1.5, 1.9),
			fig(IngestRatio, 0.5, 0.6),
		}},
		{Scale: 150, SourceRows: 150_000_000, Figures: []Figure{
			fig(FullRunSeconds, 1800, 1900), fig(IngestSeconds, 450, 460), fig(IngestRatio, 1.2, 1.6),
			fig(IngestPeakRSS, 800*mib, 900*mib), fig(WarehousePeakRSS, 1500*mib, 1600*mib), fig(ReferencePeakRSS, 3000*mib, 3000*mib),
		}},
	}}
	res.Growth = growth(res.Scales)
	want := map[string]float64{IngestSeconds: 1.5, FullRunSeconds: 1.2}
	if len(res.Growth) != len(want) {
		t.Fatalf("growth = %+v, want %d figures", res.Growth, len(want))
	}
	for _, g := range res.Growth {
		if math.Abs(g.Ratio-want[g.Figure]) > 1e-9 {
			t.Errorf("growth of %s = %v, want %v", g.Figure, g.Ratio, want[g.Figure])
		}
	}
	got := targets(res)
	wantTargets := []struct {
		measured float64
		met      bool
	}{{1.6, false}, {1600 * mib, false}, {1.2, true}, {1.9, true}}
	if len(got) != len(wantTargets) {
		t.Fatalf("targets = %+v, want %d", got, len(wantTargets))
	}
	for i, w := range wantTargets {
		if math.Abs(got[i].Measured-w.measured) > 1e-9 || got[i].Met != w.met {
			t.Errorf("target %q: measured %v met %v, want %v %v", got[i].Name, got[i].Measured, got[i].Met, w.measured, w.met)
		}
	}

	if g := growth(res.Scales[:1]); g != nil {
		t.Errorf("growth of one scale = %+v, want none", g)
	}
}
