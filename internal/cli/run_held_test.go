package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunHeldThenAccepted: `carewh run` over a header-only person file,
// after a run with 13 children, exits 1 saying the run is held and why;
// `carewh run --accept-shrink person` publishes it.
func TestRunHeldThenAccepted(t *testing.T) {
	golden := "../../testdata/golden/review_timeliness/source"
	source := t.TempDir()
	entries, err := os.ReadDir(golden)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(golden, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(source, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := writeConfig(t, fmt.Sprintf("version: 1\ndata_dir: %s\nsource:\n  kind: ssdcsv\n  path: %s\nreporting:\n  as_of: \"2024-06-30\"\n",
		filepath.Join(t.TempDir(), "data"), source))
	if code, _, stderr := carewh(t, "run", "--config", cfg); code != 0 {
		t.Fatalf("first run exited %d: %s", code, stderr)
	}
	person := filepath.Join(source, "ssd_person.csv")
	data, err := os.ReadFile(person)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(person, data[:strings.IndexByte(string(data), '\n')+1], 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := carewh(t, "run", "--config", cfg)
	if code != 1 {
		t.Fatalf("run over a header-only person file exited %d: %s", code, stderr)
	}
	for _, want := range []string{" held: not published", "person: no rows", "13 rows in the last published run, 0 now", "--accept-shrink person"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code, stdout, stderr := carewh(t, "run", "--config", cfg, "--accept-shrink", "person"); code != 0 || !strings.Contains(stdout, "warehouse:") {
		t.Errorf("--accept-shrink person exited %d:\n%s\n%s", code, stdout, stderr)
	}
}
