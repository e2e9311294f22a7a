package bench

import (
	"fmt"
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

// TestChangeOnePercent: of every 300 data rows, row 50 is deleted, row 150
// takes the values of row 151 under its own key, and row 250 is followed by
// a copy of it under a new key; quoted fields survive, the key is found by
// its SSD name wherever it is in the header, and a file that is no table's
// is copied unchanged.
func TestChangeOnePercent(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	header := "prof_professional_department,prof_professional_id"
	var lines []string
	for i := 1; i <= 600; i++ {
		lines = append(lines, fmt.Sprintf("\"Team, %d\",W%d", i, i))
	}
	body := header + "\n" + strings.Join(lines, "\n") + "\n"
	for name, content := range map[string]string{"ssd_professionals.csv": body, "notes.csv": body} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := changeOnePercent(src, dst); err != nil {
		t.Fatal(err)
	}
	want := []string{header}
	for n := 1; n <= 600; n++ {
		switch n % 300 {
		case 50:
			continue
		case 150:
			want = append(want, fmt.Sprintf("\"Team, %d\",W%d", n+1, n))
			continue
		case 250:
			want = append(want, fmt.Sprintf("\"Team, %d\",W%d-new", n, n))
		}
		want = append(want, lines[n-1])
	}
	if got := read(t, filepath.Join(dst, "ssd_professionals.csv")); got != strings.Join(want, "\n")+"\n" {
		t.Errorf("changed copy:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if got := read(t, filepath.Join(dst, "notes.csv")); got != body {
		t.Errorf("a file that is no table's was changed")
	}
	if !changedCopyCurrent(dst) {
		t.Errorf("the changed copy is not recognised as current")
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
