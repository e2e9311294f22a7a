package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carewh/bench"
)

// TestBenchWritesEveryFigure runs carewh bench on a tiny source (a golden
// case's files, put where bench reuses generated data) and checks that the
// table and the JSON carry every figure. It asserts no timings.
func TestBenchWritesEveryFigure(t *testing.T) {
	dir := t.TempDir()
	scaleDir := filepath.Join(dir, "scale-1")
	files, err := filepath.Glob("../../testdata/golden/audit/source/*.csv")
	if err != nil || len(files) == 0 {
		t.Fatalf("golden source files: %v (%d)", err, len(files))
	}
	for _, sub := range []string{"source", "changed"} {
		if err := os.MkdirAll(filepath.Join(scaleDir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(scaleDir, sub, filepath.Base(f)), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	marker := `{"seed":1,"scale":1,"as_of":"` + bench.DefaultAsOf.Format("2006-01-02") + `"}`
	if err := os.WriteFile(filepath.Join(scaleDir, "bench-source.json"), []byte(marker), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonPath := filepath.Join(dir, "out", "bench.json")
	code, stdout, stderr := carewh(t, "bench", "--scale", "1", "--runs", "2", "--dir", dir, "--json", jsonPath)
	if code != 0 {
		t.Fatalf("exit %d\nstderr: %s", code, stderr)
	}
	if strings.Contains(stderr, "generated") {
		t.Errorf("bench generated data instead of reusing it: %s", stderr)
	}
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var res bench.Result
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("reading %s: %v", jsonPath, err)
	}
	if res.Runs != 2 || len(res.Scales) != 1 || res.Scales[0].Scale != 1 || res.Scales[0].SourceRows == 0 {
		t.Fatalf("result: runs %d, scales %+v", res.Runs, res.Scales)
	}
	got := map[string]bench.Figure{}
	for _, f := range res.Scales[0].Figures {
		got[f.Name] = f
	}
	for _, name := range bench.FigureNames {
		f, ok := got[name]
		if !ok {
			t.Errorf("JSON has no figure %s", name)
			continue
		}
		if f.Unit == "" || f.Min > f.Median || f.Median > f.Max {
			t.Errorf("figure %s: %+v: want a unit and min <= median <= max", name, f)
		}
		if !strings.Contains(stdout, name) {
			t.Errorf("table has no row %s:\n%s", name, stdout)
		}
	}
	// Scale 1 alone: the ingest and warehouse ratios, peak memory,
	// no-change and changed-run targets, each with what was measured (no
	// growth without a second scale).
	if len(res.Targets) != 5 || len(res.Growth) != 0 {
		t.Errorf("targets %+v, growth %+v: want 5 targets and no growth", res.Targets, res.Growth)
	}
	if len(res.Scales[0].Models) < 50 || res.Scales[0].Models[0].Seconds < res.Scales[0].Models[1].Seconds {
		t.Errorf("models: %d, want every model's time, slowest first", len(res.Scales[0].Models))
	}
	for _, target := range res.Targets {
		if target.Measured <= 0 || target.Limit <= 0 || !strings.Contains(stdout, target.Name) {
			t.Errorf("target %+v: want a measured figure and a limit, printed", target)
		}
	}
	if res.MemoryLimit != "1GB" {
		t.Errorf("DuckDB memory limit %q, want the default 1GB", res.MemoryLimit)
	}
	if len(got) != len(bench.FigureNames) {
		t.Errorf("JSON has %d figures, want %d", len(got), len(bench.FigureNames))
	}
}
