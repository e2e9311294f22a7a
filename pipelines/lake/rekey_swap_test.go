package lake

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

// TestRecoverRekey: a crash between the rekey's two renames leaves only the
// rekeyed lake, which is renamed in; a rekeyed lake beside the lake is an
// unfinished one and is removed, as is a retired lake beside the lake.
func TestRecoverRekey(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	root := filepath.Join(t.TempDir(), "lake")
	mkdir := func(dir, file string) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mkdir(rekeyedLake(root), "new")
	mkdir(retiredLake(root), "old")
	if err := RecoverRekey(root, log); err != nil {
		t.Fatal(err)
	}
	if !fileExists(filepath.Join(root, "new")) || dirExists(rekeyedLake(root)) || dirExists(retiredLake(root)) {
		t.Error("a finished rekey interrupted between its renames was not completed")
	}
	mkdir(rekeyedLake(root), "half")
	if err := RecoverRekey(root, log); err != nil {
		t.Fatal(err)
	}
	if dirExists(rekeyedLake(root)) || !fileExists(filepath.Join(root, "new")) {
		t.Error("an unfinished rekey's lake was not removed, or the lake was touched")
	}
}
