package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWholeOrNotAtAll(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "mart.parquet")
	if err := WriteBytes(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(path, []byte("second")); err != nil {
		t.Fatal(err)
	}
	failed := errors.New("disk full")
	err := Write(path, func(w io.Writer) error {
		w.Write([]byte("half"))
		return failed
	})
	if !errors.Is(err, failed) {
		t.Errorf("Write returned %v, want the writer's error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "second" {
		t.Errorf("file holds %q after a failed write, want the previous %q", got, "second")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("%d files left, want 1: no temporary file may remain", len(entries))
	}
	tmp, err := TempName(path)
	if err != nil {
		t.Fatal(err)
	}
	if !IsTemp(filepath.Base(tmp)) || filepath.Ext(tmp) == ".parquet" || filepath.Dir(tmp) != filepath.Dir(path) {
		t.Errorf("temporary name %s: want a hidden file beside the target, not ending .parquet", tmp)
	}
}
