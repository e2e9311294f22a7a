// Package parquet writes the lake's Parquet files, each written to a
// temporary name and renamed only once complete, so a crash never leaves a
// half-written file where a reader would find it.
package parquet

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	pq "github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"carewh/internal/atomicfile"
)

// File describes a finished lake file, for the run manifest.
type File struct {
	Path   string `json:"path"` // relative to the lake root
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Writer streams record batches into one Parquet file.
type Writer struct {
	root, rel string
	tmp       *atomicfile.File
	counter   *countingHash
	fw        *pqarrow.FileWriter
	rows      int64
	closed    bool
}

// maxRowGroupRows bounds a row group, so readers can skip and parallelise,
// and bounds the writer's memory: a row group is buffered until complete.
// DuckDB's own row groups are 122,880 rows.
const maxRowGroupRows = 1 << 17

// stagedZstdLevel is zstd's fastest level: the one file this package writes
// that stays in the lake is a run's quarantine; the lake's change and state
// files are DuckDB's, at its default level.
const stagedZstdLevel = 1

// Create starts the file rel (relative to root), zstd-compressed for the
// lake. Nothing appears at that name until Close succeeds. No column is
// dictionary-encoded: the file is read once, and building dictionaries was
// a third of ingest's writing time. Nor does it keep statistics: a reader
// scans it whole, and the minimum and maximum of a column of random
// pseudonyms would prune nothing anyway; at 150 councils working them out
// took 9 s of ingest's CPU, and writing a snapshot of cla_visits took
// 1.11–1.17 s without them against 1.23–1.48 s.
func Create(mem memory.Allocator, schema *arrow.Schema, root, rel string) (*Writer, error) {
	return create(mem, schema, root, rel, compress.Codecs.Zstd)
}

// CreateSnapshot is Create for a run's staged snapshot of a table, which
// never reaches the lake: change detection reads it once and the staging
// folder goes at the end of the run. It is Snappy-compressed, not zstd: at
// 150 councils zstd took 43 s of 233 s in a CPU profile of ingest, and in
// runs alternating the two ingest used 209.5–209.7 s of CPU with Snappy
// against 216.0–248.5 s with zstd, for snapshots of 3.4 GiB against
// 1.7 GiB, which DuckDB read in about the same time (17.5 s and 16.8 s for
// every row of every table).
func CreateSnapshot(mem memory.Allocator, schema *arrow.Schema, root, rel string) (*Writer, error) {
	return create(mem, schema, root, rel, compress.Codecs.Snappy)
}

func create(mem memory.Allocator, schema *arrow.Schema, root, rel string, codec compress.Compression) (*Writer, error) {
	final := filepath.Join(root, rel)
	if err := os.MkdirAll(filepath.Dir(final), atomicfile.DirMode); err != nil {
		return nil, fmt.Errorf("creating lake folder: %w", err)
	}
	tmp, err := atomicfile.Create(final)
	if err != nil {
		return nil, fmt.Errorf("creating lake file: %w", err)
	}
	counter := &countingHash{w: tmp, h: sha256.New()}
	options := []pq.WriterProperty{
		pq.WithCompression(codec),
		pq.WithMaxRowGroupLength(maxRowGroupRows),
		pq.WithDictionaryDefault(false),
		pq.WithStats(false),
		pq.WithAllocator(mem),
	}
	if codec == compress.Codecs.Zstd {
		options = append(options, pq.WithCompressionLevel(stagedZstdLevel))
	}
	props := pq.NewWriterProperties(options...)
	fw, err := pqarrow.NewFileWriter(schema, counter, props, pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(mem), pqarrow.WithStoreSchema()))
	if err != nil {
		tmp.Abort()
		return nil, fmt.Errorf("starting Parquet file %s: %w", rel, err)
	}
	return &Writer{root: root, rel: rel, tmp: tmp, counter: counter, fw: fw}, nil
}

// Write appends a batch.
func (w *Writer) Write(rec arrow.RecordBatch) error {
	if rec.NumRows() == 0 {
		return nil
	}
	if err := w.fw.WriteBuffered(rec); err != nil {
		return fmt.Errorf("writing %s: %w", w.rel, err)
	}
	w.rows += rec.NumRows()
	if n, _ := w.fw.RowGroupNumRows(); n >= maxRowGroupRows {
		w.fw.NewBufferedRowGroup()
	}
	return nil
}

// Close finishes the file, syncs it and renames it into place.
func (w *Writer) Close() (File, error) {
	if w.closed {
		return File{}, fmt.Errorf("writing %s: already closed", w.rel)
	}
	w.closed = true
	if err := w.fw.Close(); err != nil {
		w.abort()
		return File{}, fmt.Errorf("finishing %s: %w", w.rel, err)
	}
	// The lake holds pseudonymised personal data: only its owner may read
	// it, whatever the umask (atomicfile's 0600).
	if err := w.tmp.Commit(); err != nil {
		return File{}, fmt.Errorf("finishing %s: %w", w.rel, err)
	}
	return File{Path: filepath.ToSlash(w.rel), Rows: w.rows, Bytes: w.counter.n, SHA256: hex.EncodeToString(w.counter.h.Sum(nil))}, nil
}

// Abort discards the file; safe to call after Close.
func (w *Writer) Abort() {
	if !w.closed {
		w.closed = true
		w.fw.Close()
		w.abort()
	}
}

func (w *Writer) abort() { w.tmp.Abort() }

// countingHash hashes and counts what passes through to the file, so the
// manifest's hash costs no second read.
type countingHash struct {
	w io.Writer
	h hash.Hash
	n int64
}

func (c *countingHash) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.h.Write(p[:n])
	c.n += int64(n)
	return n, err
}

// Seal moves a finished file written by another writer (such as DuckDB's
// COPY) from tmp to rel under root the way Close does: synced, readable by
// its owner only (DuckDB creates files under the umask), renamed into place, and described for the manifest.
func Seal(root, rel, tmp string, rows int64) (File, error) {
	h := sha256.New()
	f, err := os.Open(tmp)
	var n int64
	if err == nil {
		n, err = io.Copy(h, f)
		f.Close()
	}
	if err == nil {
		err = atomicfile.Commit(tmp, filepath.Join(root, rel))
	}
	if err != nil {
		os.Remove(tmp)
		return File{}, fmt.Errorf("sealing %s: %w", rel, err)
	}
	return File{Path: filepath.ToSlash(rel), Rows: rows, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
