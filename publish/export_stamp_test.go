package publish

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carewh/publish/internal/testwarehouse"
)

// TestAfterRunSkipsUnchangedMarts: after a run that found no change (the
// same build), the marts are not written again; a mart file deleted by
// hand since brings the export back.
func TestAfterRunSkipsUnchangedMarts(t *testing.T) {
	cfg := testwarehouse.Build(t, "../testdata/golden/permanence_tracker/source", "2024-06-30", "exports:\n  marts: true\n")
	dir := cfg.MartExportDir()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	if err := AfterRun(context.Background(), cfg, log); err != nil {
		t.Fatal(err)
	}
	board := filepath.Join(dir, "board_kpis.parquet")
	first, err := os.Stat(board)
	if err != nil {
		t.Fatal(err)
	}
	old := first.ModTime().Add(-time.Hour)
	if err := os.Chtimes(board, old, old); err != nil {
		t.Fatal(err)
	}
	if err := AfterRun(context.Background(), cfg, log); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.Stat(board); !again.ModTime().Equal(old) {
		t.Error("the unchanged marts were written again")
	}
	if !strings.Contains(logs.String(), "marts unchanged since they were exported: not written again") {
		t.Errorf("no word of the skip:\n%s", logs.String())
	}
	tracker := filepath.Join(dir, "permanence_tracker.parquet")
	if err := os.Remove(tracker); err != nil {
		t.Fatal(err)
	}
	if err := AfterRun(context.Background(), cfg, log); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tracker); err != nil {
		t.Errorf("a mart deleted by hand was not exported again: %v", err)
	}
	if again, _ := os.Stat(board); again.ModTime().Equal(old) {
		t.Error("the export after a deletion did not write every mart")
	}
}
