package pipelines

import (
	"math"
	"runtime/debug"
	"testing"

	"carewh/config"
)

// TestLimitGoMemory: without GOMEMLIMIT the config's limit is put in
// force; with it, or with a limit that does not parse, the runtime's stays.
func TestLimitGoMemory(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	unset := func(string) (string, bool) { return "", false }
	set := func(string) (string, bool) { return "2GiB", true }

	debug.SetMemoryLimit(math.MaxInt64)
	if got := limitGoMemory(&config.Config{GoMemoryLimit: "900MiB"}, unset); got != 900<<20 || debug.SetMemoryLimit(-1) != 900<<20 {
		t.Errorf("without GOMEMLIMIT: returned %d, runtime limit %d; want 900 MiB", got, debug.SetMemoryLimit(-1))
	}
	debug.SetMemoryLimit(math.MaxInt64)
	if got := limitGoMemory(&config.Config{GoMemoryLimit: "900MiB"}, set); got != math.MaxInt64 || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT: returned %d, runtime limit %d; want the runtime's own", got, debug.SetMemoryLimit(-1))
	}
	if got := limitGoMemory(&config.Config{GoMemoryLimit: "lots"}, unset); got != math.MaxInt64 {
		t.Errorf("with a bad limit: returned %d, want the runtime's own", got)
	}
}
