// Package atomicfile is the one way carewh writes a file: under a
// temporary name in the same folder, synced, then renamed over the final
// name, so that a reader sees the old file or the new one, never half of
// one, and a crash leaves no half file where a reader would look.
//
// What carewh writes (the lake, the warehouse's exports, reports, trackers,
// a synthetic case system) is about children: files are made readable by
// their owner only (0600) and folders likewise (0700), whatever the umask.
//
// Three ways in, for three kinds of writer:
//   - WriteBytes and Write, for content in hand or written by a function;
//   - Create, for a writer that streams into an *os.File over time and
//     commits or aborts it at the end;
//   - TempName and Commit, for a file another program writes (DuckDB's
//     COPY): Commit seals the finished temporary file into place.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// FileMode and DirMode are the modes of the files and folders carewh
// writes.
const (
	FileMode os.FileMode = 0o600
	DirMode  os.FileMode = 0o700
)

// Write writes path by calling write on a temporary file beside it, then
// renames that over path. On any error path is left as it was.
func Write(path string, write func(w io.Writer) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// WriteBytes writes data to path atomically.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// File is a file being written under a temporary name beside its final
// path. It is an *os.File until Commit or Abort.
type File struct {
	*os.File
	path string
	done bool
}

// Create starts writing path, creating its folder if need be. Nothing
// appears at path until Commit succeeds.
func Create(path string) (*File, error) {
	tmp, err := TempName(path)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, FileMode)
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", tmp, err)
	}
	return &File{File: f, path: path}, nil
}

// Path is the name the file will have once committed.
func (f *File) Path() string { return f.path }

// Commit syncs and closes the file and renames it over its final path.
// On error the temporary file is removed and the final path left as it was.
func (f *File) Commit() error {
	if f.done {
		return fmt.Errorf("writing %s: already closed", f.path)
	}
	f.done = true
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("writing %s: %w", f.path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing %s: %w", f.path, err)
	}
	return rename(f.Name(), f.path)
}

// Abort closes and removes the temporary file; safe to call after Commit.
func (f *File) Abort() {
	if !f.done {
		f.done = true
		f.Close()
		os.Remove(f.Name())
	}
}

// TempName returns an unused temporary name beside path, for a writer
// that makes the file itself (such as DuckDB's COPY), creating path's
// folder if need be. The name starts with a dot and does not end in
// path's extension, so a tool reading *.parquet never picks it up.
func TempName(path string) (string, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return "", fmt.Errorf("creating %s: %w", dir, err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return filepath.Join(dir, "."+filepath.Base(path)+".tmp-"+hex.EncodeToString(b[:])), nil
}

// IsTemp reports whether a file name is one TempName makes.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")
}

// Commit seals a finished temporary file that another writer made (such
// as DuckDB's COPY, which creates files under the umask) into place: it
// syncs it, makes it readable by its owner only and renames it over path,
// creating path's folder if need be. On error tmp is removed.
func Commit(tmp, path string) error {
	f, err := os.Open(tmp)
	if err == nil {
		err = f.Sync()
		f.Close()
	}
	if err == nil {
		err = os.Chmod(tmp, FileMode)
	}
	if err == nil {
		err = os.MkdirAll(filepath.Dir(path), DirMode)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	return rename(tmp, path)
}

// rename moves tmp over path and syncs the folder, so the rename itself
// survives a crash.
func rename(tmp, path string) error {
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	SyncDir(filepath.Dir(path))
	return nil
}

// SyncDir syncs a folder, so that renames and removals in it are durable.
// It is best effort: a folder that cannot be opened or synced is left.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
