package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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

// TestChangeOnePercent: the header and 99 of every 100 data rows are kept;
// rows 50, 150, ... are dropped.
func TestChangeOnePercent(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	lines := []string{"id,value"}
	for i := 1; i <= 250; i++ {
		lines = append(lines, "r"+strings.Repeat("x", i%3)+","+string(rune('a'+i%26)))
	}
	body := strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(src, "t.csv"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := changeOnePercent(src, dst); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dst, "t.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for n, l := range lines {
		if n == 50 || n == 150 || n == 250 {
			continue
		}
		want = append(want, l)
	}
	if string(got) != strings.Join(want, "\n")+"\n" {
		t.Errorf("changed copy has %d lines, want %d", strings.Count(string(got), "\n"), len(want))
	}
}
