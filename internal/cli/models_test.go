package cli

import (
	"strings"
	"testing"
)

// TestCheckAndModels: carewh check passes on the built-in demo and names a
// broken config's lines; carewh models lists the graph, as text and dot.
func TestCheckAndModels(t *testing.T) {
	code, stdout, stderr := carewh(t, "check")
	if code != 0 || !strings.Contains(stdout, "models: ok") || !strings.Contains(stdout, "config: ok") {
		t.Errorf("check on the demo: exit %d, %q %s", code, stdout, stderr)
	}
	bad := writeConfig(t, "version: 1\ndata_dri: x\n")
	code, _, stderr = carewh(t, "check", "--config", bad)
	if code != 1 || !strings.Contains(stderr, `line 2: unknown key "data_dri" (did you mean "data_dir"?)`) {
		t.Errorf("check on a bad config: exit %d, %s", code, stderr)
	}
	code, stdout, _ = carewh(t, "models")
	if code != 0 || !strings.Contains(stdout, "marts.permanence_tracker (table, marts/permanence_tracker.sql)\n    reads ") {
		t.Errorf("models: exit %d, %q", code, stdout)
	}
	code, stdout, _ = carewh(t, "models", "--dot")
	if code != 0 || !strings.HasPrefix(stdout, "digraph carewh {") || !strings.Contains(stdout, `"core.periods_of_care" -> "marts.permanence_tracker";`) {
		t.Errorf("models --dot: exit %d, %q", code, stdout[:min(len(stdout), 300)])
	}
}
