package synthetic

import (
	"context"
	"os"
	"testing"
	"time"
)

// TestDevDump writes scale-1 output to $SYNTH_DUMP for inspection.
func TestDevDump(t *testing.T) {
	dir := os.Getenv("SYNTH_DUMP")
	if dir == "" {
		t.Skip("SYNTH_DUMP not set")
	}
	start := time.Now()
	sum, err := WriteDir(context.Background(), dir, Options{Seed: 1, AsOf: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("took %s", time.Since(start))
	for k, v := range sum.Rows {
		t.Logf("%-28s %8d", k, v)
	}
	t.Logf("faults %v total %d of %d", sum.Faults, sum.TotalFaults(), sum.TotalRows())
}
