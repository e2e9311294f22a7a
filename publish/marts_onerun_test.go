package publish

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carewh/publish/internal/testwarehouse"
)

// cancelOn is a log handler that cancels an export once it logs msg.
type cancelOn struct {
	slog.Handler
	msg    string
	cancel context.CancelFunc
}

func (h cancelOn) Enabled(context.Context, slog.Level) bool { return true }

func (h cancelOn) Handle(_ context.Context, r slog.Record) error {
	if r.Message == h.msg {
		h.cancel()
	}
	return nil
}

// TestFailedExportLeavesTheLastExportWhole: an export that fails after
// some marts are written renames none of them in, so the folder still
// holds the last export's marts, all from one run, and no temporary file.
func TestFailedExportLeavesTheLastExportWhole(t *testing.T) {
	cfg := testwarehouse.Build(t, "../testdata/golden/permanence_tracker/source", "2024-06-30", exportsYAML)
	dir := cfg.MartExportDir()
	files, err := ExportMarts(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Stand-ins for the last export, to tell its files from new ones.
	for _, f := range files {
		if err := os.WriteFile(f.Path, []byte("last export"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := slog.New(cancelOn{Handler: slog.DiscardHandler, msg: "mart exported", cancel: cancel})
	if _, err := ExportMarts(ctx, cfg, log); err == nil {
		t.Fatal("an export cancelled after its first mart succeeded")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(files) {
		t.Errorf("after a failed export the folder holds %d files, want the last export's %d", len(entries), len(files))
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || string(data) != "last export" || strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("after a failed export %s is not the last export's (%v)", e.Name(), err)
		}
	}
}
