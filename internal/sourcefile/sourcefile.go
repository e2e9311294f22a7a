// Package sourcefile opens a run's source files, digesting on the way the
// bytes of each file read from its start to its end, so that the run's
// input fingerprint (lake.InputFingerprint) need not read 6 GB of CSV a
// second time.
package sourcefile

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/zeebo/xxh3"
)

// Digest is a file's size and the XXH3-128 digest of its content.
type Digest struct {
	Size int64
	Sum  [16]byte
}

// Read is a file's digest as a reader read it: with the file's identity
// when it was opened and when its end was reached, which differ if the
// file changed under the reader.
type Read struct {
	Digest
	Before, After Identity
	Trusted       bool // both identities carry a change time (Identify)
}

// Digests collects the digests of the files readers read whole during a
// run. Safe for concurrent use; a nil *Digests collects nothing.
type Digests struct {
	mu   sync.Mutex
	read map[string]Read // by absolute path
	lost map[string]bool // read whole twice with different contents
}

func NewDigests() *Digests {
	return &Digests{read: map[string]Read{}, lost: map[string]bool{}}
}

// Lookup returns the digest of the file at path as a reader read it whole,
// if one did.
func (d *Digests) Lookup(path string) (Read, bool) {
	if d == nil {
		return Read{}, false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return Read{}, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	r, ok := d.read[abs]
	return r, ok
}

// add records a whole read. A file read whole twice with different
// contents is forgotten: no one digest says what the run read.
func (d *Digests) add(abs string, r Read) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.lost[abs] {
		return
	}
	if had, ok := d.read[abs]; ok && had.Digest != r.Digest {
		delete(d.read, abs)
		d.lost[abs] = true
		return
	}
	d.read[abs] = r
}

// File is a source file open for reading.
type File struct {
	file    *os.File
	abs     string
	digests *Digests
	hash    *xxh3.Hasher // nil once the digest is recorded, or when none is wanted
	read    int64
	before  Identity
	trusted bool
}

// Open opens path for reading. Each byte read passes through the digest,
// which is recorded in digests when a read reaches the end of the file
// (digests may be nil).
func Open(path string, digests *Digests) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	file := &File{file: f}
	if digests == nil {
		return file, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		f.Close()
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	file.abs, file.digests, file.hash = abs, digests, xxh3.New()
	file.before, file.trusted = identityOf(info)
	return file, nil
}

// Read reads from the file, digesting what it returns.
func (f *File) Read(p []byte) (int, error) {
	n, err := f.file.Read(p)
	if f.hash == nil {
		return n, err
	}
	f.hash.Write(p[:n])
	f.read += int64(n)
	if err == io.EOF {
		f.finish()
	}
	return n, err
}

func (f *File) finish() {
	sum := f.hash.Sum128().Bytes()
	f.hash = nil
	info, err := f.file.Stat()
	if err != nil {
		return
	}
	after, trusted := identityOf(info)
	f.digests.add(f.abs, Read{Digest: Digest{Size: f.read, Sum: sum}, Before: f.before, After: after, Trusted: f.trusted && trusted})
}

// Close closes the file. A file closed before its end records no digest.
func (f *File) Close() error { return f.file.Close() }

// DigestFile reads the file at path whole and digests it.
func DigestFile(ctx context.Context, path string) (Digest, error) {
	if err := ctx.Err(); err != nil {
		return Digest{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return Digest{}, err
	}
	defer f.Close()
	content := xxh3.New()
	n, err := io.CopyBuffer(content, f, make([]byte, 1<<20))
	return Digest{Size: n, Sum: content.Sum128().Bytes()}, err
}
