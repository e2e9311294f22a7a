package pipelines

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"carewh/pipelines/key"
	sqlfiles "carewh/sql"
)

// TestRunRefusesAnotherKey: a run under another key fails before it reads
// the source, naming the fingerprints, and the warehouse is left as it was.
func TestRunRefusesAnotherKey(t *testing.T) {
	cfg := sourceConfig(t, "ssda903", ssda903Fixture, "2024-03-31")
	runPipeline(t, cfg)
	before, err := os.ReadFile(cfg.WarehousePath())
	if err != nil {
		t.Fatal(err)
	}
	otherKey := func(name string) string {
		if name == key.EnvHMACKey {
			return strings.Repeat("another key, not the lake's ", 2)
		}
		return testEnv(name)
	}
	_, err = (&Runner{Config: cfg, Models: sqlfiles.Files, Getenv: otherKey}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not the one this lake was built with") {
		t.Fatalf("run under another key: %v", err)
	}
	after, err := os.ReadFile(cfg.WarehousePath())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the warehouse changed")
	}
}
