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

func TestCreateAndCommitSealTheFileInPlace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run=1", "part-0.csv")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("a,b\n")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("%s exists before Commit", path)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	f.Abort() // after Commit: does nothing
	if got, _ := os.ReadFile(path); string(got) != "a,b\n" {
		t.Errorf("committed file holds %q", got)
	}
	aborted, err := Create(filepath.Join(dir, "gone.csv"))
	if err != nil {
		t.Fatal(err)
	}
	aborted.Abort()
	// a file another writer made, sealed into place with its mode narrowed
	tmp, err := TempName(filepath.Join(dir, "copy.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(tmp, []byte("PAR1"), 0o644)
	if err := Commit(tmp, filepath.Join(dir, "copy.parquet")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, "copy.parquet"))
	if err != nil || info.Mode().Perm() != FileMode {
		t.Errorf("sealed file: %v, mode %v; want %v", err, info.Mode().Perm(), FileMode)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("%d entries left, want run=1 and copy.parquet only", len(entries))
	}
}
