package ssdcsv

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/internal/sourcefile"
	"carewh/pipelines/extract"
)

// Source reads SSD CSV files from one folder.
type Source struct {
	dir       string
	mem       memory.Allocator
	batchRows int
	overrides map[string]map[string]string
	log       *slog.Logger
	digests   *sourcefile.Digests
}

// Options configure a Source.
type Options struct {
	Dir       string
	BatchRows int
	// Columns overrides source column names: table → canonical column → name.
	Columns map[string]map[string]string
	// Log receives warnings, such as columns a file has that carewh does not
	// read; nil discards them.
	Log *slog.Logger
	// Digests, when not nil, receives the digest of each file read whole
	// (sourcefile.Open), so the run's input fingerprint need not read it again.
	Digests *sourcefile.Digests
}

// New opens a folder of SSD CSV exports.
func New(mem memory.Allocator, opts Options) (*Source, error) {
	info, err := os.Stat(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("opening SSD CSV folder: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("opening SSD CSV folder: %s is not a folder", opts.Dir)
	}
	if opts.BatchRows < 1 {
		opts.BatchRows = 65536
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Source{dir: opts.Dir, mem: mem, batchRows: opts.BatchRows, overrides: opts.Columns, log: opts.Log, digests: opts.Digests}, nil
}

// Open starts reading the file of table.
func (s *Source) Open(ctx context.Context, table *canonical.Table, q canonical.Quarantine) (extract.TableReader, error) {
	path, err := s.find(table.SourceFile + ".csv")
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", table.Name, err)
	}
	r, err := openFile(ctx, s.mem, path, s.digests, table, s.overrides[table.Name], s.batchRows, q)
	if err != nil {
		return nil, err
	}
	var expected, unknown []string
	for _, col := range r.unused {
		if canonical.KnownUnread(table.SourceFile, col) {
			expected = append(expected, col)
		} else {
			unknown = append(unknown, col)
		}
	}
	if len(expected) > 0 {
		s.log.InfoContext(ctx, "not reading published SSD columns carewh has no use for", "table", table.Name, "file", r.origin,
			"columns", strings.Join(expected, ", "))
	}
	if len(unknown) > 0 {
		s.log.WarnContext(ctx, "ignoring columns carewh does not know (a misspelt column name?)", "table", table.Name, "file", r.origin,
			"columns", strings.Join(unknown, ", "))
	}
	return r, nil
}

// Size is the size of the table's file, or 0 when it cannot be found.
func (s *Source) Size(table *canonical.Table) int64 {
	path, err := s.find(table.SourceFile + ".csv")
	if err != nil {
		return 0
	}
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

// Close does nothing: each reader owns its file.
func (s *Source) Close() error { return nil }

// find returns the path of name in the folder, ignoring case.
func (s *Source) find(name string) (string, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", s.dir, err)
	}
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(e.Name(), name) {
			return filepath.Join(s.dir, e.Name()), nil
		}
	}
	return "", fmt.Errorf("no file %s in %s", name, s.dir)
}
