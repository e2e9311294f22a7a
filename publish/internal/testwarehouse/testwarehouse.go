// Package testwarehouse builds warehouses from golden source folders for
// the publish packages' tests, the way a user's run builds one.
package testwarehouse

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"carewh/config"
	"carewh/pipelines"
	"carewh/pipelines/key"
	sqlfiles "carewh/sql"
)

// Key is the pseudonymisation key the test warehouses are built with.
const Key = "test-key-0123456789abcdef0123456789abcdef"

var (
	mu    sync.Mutex
	built = map[string]*config.Config{}
)

// Build runs the pipeline over an SSD CSV folder as at asOf into a fresh
// data folder and returns its config; extra is YAML appended to the
// config (e.g. report or exports keys). Each (source, asOf, extra) is
// built once per test binary; Cleanup, called from TestMain, removes
// them.
func Build(t testing.TB, source, asOf, extra string) *config.Config {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	id := source + "|" + asOf + "|" + extra
	if cfg, ok := built[id]; ok {
		return cfg
	}
	abs, err := filepath.Abs(source)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "carewh-publish-test-")
	if err != nil {
		t.Fatal(err)
	}
	yaml := fmt.Sprintf("version: 1\ndata_dir: %s\nsource:\n  kind: ssdcsv\n  path: %s\nreporting:\n  as_of: %q\nduckdb:\n  memory_limit: 1GB\n%s",
		filepath.Join(dir, "data"), abs, asOf, extra)
	path := filepath.Join(dir, "carewh.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	getenv := func(name string) string {
		if name == key.EnvHMACKey {
			return Key
		}
		return ""
	}
	r := &pipelines.Runner{Config: cfg, Models: sqlfiles.Files, Getenv: getenv}
	if _, err := r.Run(context.Background()); err != nil {
		t.Fatalf("building the test warehouse from %s: %v", source, err)
	}
	built[id] = cfg
	dirs = append(dirs, dir)
	return cfg
}

var dirs []string

// Cleanup removes every folder Build made; call it from TestMain after
// m.Run.
func Cleanup() {
	mu.Lock()
	defer mu.Unlock()
	for _, d := range dirs {
		os.RemoveAll(d)
	}
	dirs = nil
}
