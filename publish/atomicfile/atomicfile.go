// Package atomicfile replaces files so that a reader sees the old file or
// the new one, never half of one: the new file is written under a
// temporary name in the same folder and renamed over the old.
//
// What carewh writes (reports, trackers, exports) is about children: files
// are made readable by their owner only (0600) and folders likewise
// (0700), whatever the umask.
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
func Write(path string, write func(w io.Writer) error) (err error) {
	tmp, err := TempName(path)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, FileMode)
	if err != nil {
		return fmt.Errorf("creating %s: %w", tmp, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return Commit(tmp, path)
}

// WriteBytes writes data to path atomically.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
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

// Commit renames a finished temporary file over path, readable by its
// owner only (a writer such as DuckDB creates files under the umask).
func Commit(tmp, path string) error {
	if err := os.Chmod(tmp, FileMode); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	return nil
}
