package bench

import (
	"math"
	"slices"
	"testing"
)

// TestGrowthAndTargets works two made-up scales through growth and
// targets. Scale 1: 1,000,000 rows, full run 10 s (10 s per million rows),
// ingest 2 s. Scale 150: 150,000,000 rows, full run 1,800 s (12 s per
// million: ratio 1.2, met at the limit), ingest 450 s (3 s per million:
// ratio 1.5). Ingest ratio worst run 1.6 (missed); peaks 900 MiB (ingest)
// and 1,600 MiB (warehouse, missed); scale 1's no-change run worst 1.9 s
// (met against 2 s), scale 150's 3.4 s (missed against 3 s); the changed
// run at scale 150 worst 0.19 of its full run (met against 0.2; scale 1's
// 0.9 counts for nothing).
func TestGrowthAndTargets(t *testing.T) {
	fig := func(name string, median, worst float64) Figure {
		return Figure{Name: name, Median: median, Min: median, Max: worst}
	}
	const mib = 1 << 20
	res := Result{Scales: []ScaleResult{
		{Scale: 1, SourceRows: 1_000_000, Figures: []Figure{
			fig(FullRunSeconds, 10, 11), fig(IngestSeconds, 2, 2), fig(NoChangeRunSeconds, 1.5, 1.9),
			fig(IngestRatio, 0.5, 0.6), fig(ChangedRunRatio, 0.8, 0.9),
		}},
		{Scale: 150, SourceRows: 150_000_000, Figures: []Figure{
			fig(FullRunSeconds, 1800, 1900), fig(IngestSeconds, 450, 460), fig(IngestRatio, 1.2, 1.6),
			fig(IngestPeakRSS, 800*mib, 900*mib), fig(WarehousePeakRSS, 1500*mib, 1600*mib), fig(ReferencePeakRSS, 3000*mib, 3000*mib),
			fig(NoChangeRunSeconds, 2.5, 3.4), fig(ChangedRunRatio, 0.15, 0.19), fig(ChangedWarehouseRatio, 0.1, 0.5),
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
	}{{1.6, false}, {1600 * mib, false}, {1.2, true}, {1.9, true}, {3.4, false}, {0.19, true}}
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

	// Scale 1 alone: its no-change run is held to 2 s only, and its
	// changed run to 0.2 of its full run.
	one := targets(Result{Scales: res.Scales[:1]})
	var names []string
	for _, tg := range one {
		names = append(names, tg.Name)
	}
	wantNames := []string{"ingest ratio carewh / DuckDB at scale 1", "peak RSS of any stage at scale 1",
		"no-change run at scale 1, end to end", "1%-of-children changed run / full run at scale 1"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("scale 1 alone: targets %q, want %q", names, wantNames)
	}
	if tg := one[len(one)-1]; tg.Measured != 0.9 || tg.Met {
		t.Errorf("scale 1 alone: changed run target %+v, want 0.9 measured, missed", tg)
	}
}
