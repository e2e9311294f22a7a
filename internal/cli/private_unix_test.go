//go:build unix

package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFilesArePrivate runs the pipeline, the exports and the report under
// umask 022 (which leaves what it makes world-readable unless told
// otherwise) and checks that every folder carewh made is 0700 and every
// file 0600: the data folder, lake, warehouse, exports, tracker and report.
// A data folder open to others is then warned about at start.
func TestFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	source, err := filepath.Abs("../../testdata/golden/review_timeliness/source")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	cfg := writeConfig(t, fmt.Sprintf(`version: 1
data_dir: %s
source:
  kind: ssdcsv
  path: %s
reporting:
  as_of: "2024-06-30"
exports:
  tracker_feed:
    format: parquet
    path: %s
`, data, source, filepath.Join(dir, "feed", "tracker.parquet")))
	if code, _, stderr := carewh(t, "run", "--config", cfg); code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	if strings.Contains(runLog(t, "run", "--config", cfg), "data folder is open") {
		t.Error("a data folder carewh made itself is warned about")
	}
	out := filepath.Join(dir, "out")
	for _, args := range [][]string{
		{"export", "marts"},
		{"export", "tracker", "--out", filepath.Join(out, "tracker", "t.csv")},
		{"export", "tracker", "--out", filepath.Join(out, "tracker", "t.xlsx")},
		{"export", "tracker", "--out", filepath.Join(out, "tracker", "t.parquet")},
		{"report", "--year", "2023-24", "--out", filepath.Join(out, "board", "report.html")},
	} {
		if code, _, stderr := carewh(t, append(args, "--config", cfg)...); code != 0 {
			t.Fatalf("%v exited %d: %s", args, code, stderr)
		}
	}

	var files, dirs int
	for _, root := range []string{data, out, filepath.Join(dir, "feed")} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			want := fs.FileMode(0o600)
			if d.IsDir() {
				want = 0o700
				dirs++
			} else {
				files++
			}
			if got := info.Mode().Perm(); got != want {
				t.Errorf("%s is %#o, want %#o", path, got, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"warehouse.duckdb", "lake", "exports/marts/board_kpis.parquet"} {
		if _, err := os.Stat(filepath.Join(data, p)); err != nil {
			t.Errorf("expected %s: %v", p, err)
		}
	}
	t.Logf("%d folders and %d files checked", dirs, files)

	if err := os.Chmod(data, 0o755); err != nil {
		t.Fatal(err)
	}
	warning := runLog(t, "run", "--config", cfg)
	for _, want := range []string{"level=WARN", "data folder is open to other users", "path=" + data, "mode=0755"} {
		if !strings.Contains(warning, want) {
			t.Errorf("a data folder of mode 0755 is not warned about (%q missing):\n%s", want, warning)
		}
	}
}

// runLog runs carewh, which must succeed, and returns its log.
func runLog(t *testing.T, args ...string) string {
	t.Helper()
	code, _, errOut := carewh(t, args...)
	if code != 0 {
		t.Fatalf("%v exited %d: %s", args, code, errOut)
	}
	return errOut
}
