package ssdcsv

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/internal/sourcefile"
	"carewh/pipelines/extract"
	"carewh/pipelines/extract/csvrecords"
)

// RuleMalformedRow marks a CSV record that cannot be split into the
// header's columns.
const RuleMalformedRow = "malformed_row"

// fileReader streams one CSV file as raw batches.
type fileReader struct {
	*extract.Reader
	records   *csvrecords.Reader
	origin    string
	table     *canonical.Table
	fields    []int // per canonical column, its index in the record, or -1
	sourceCol map[string]string
	width     int
	unused    []string // header columns no canonical column reads
	q         canonical.Quarantine
}

func openFile(ctx context.Context, mem memory.Allocator, path string, digests *sourcefile.Digests, table *canonical.Table,
	overrides map[string]string, batchRows int, q canonical.Quarantine) (*fileReader, error) {
	f, err := sourcefile.Open(path, digests)
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", table.Name, err)
	}
	r := &fileReader{origin: filepath.Base(path), table: table, q: q}
	r.records = csvrecords.NewReader(f, ',')
	fields, _, err := r.records.Read()
	if err != nil {
		f.Close()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: file is empty: expected a header row", r.origin)
		}
		return nil, fmt.Errorf("%s line 1: reading header: %w", r.origin, err)
	}
	header := make([]string, len(fields))
	for i, f := range fields {
		header[i] = string(f)
	}
	if err := r.mapColumns(header, overrides); err != nil {
		f.Close()
		return nil, err
	}
	// An unbalanced quote costs its own record only: reading resumes at
	// the next line that reads as a record of the header's width.
	r.records.Recover(r.width)
	r.Reader = extract.NewReader(ctx, mem, extract.ReaderConfig{
		Table: table, BatchRows: batchRows, Origin: r.origin, SourceColumns: r.sourceCol,
		Fill: r.fill, Close: func() { f.Close() },
	})
	return r, nil
}

// mapColumns finds each canonical column's position in the header.
func (r *fileReader) mapColumns(header []string, overrides map[string]string) error {
	position := make(map[string]int, len(header))
	var twice []string
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if prev, dup := position[name]; dup && name != "" {
			// Which of the two holds the values is anyone's guess: reading
			// either would load the other's data without a word.
			twice = append(twice, fmt.Sprintf("column %s appears twice (columns %d and %d)", strings.TrimSpace(h), prev+1, i+1))
			continue
		}
		position[name] = i
	}
	if len(twice) > 0 {
		return fmt.Errorf("%s line 1 (table %s): %s: the file cannot be read unambiguously; remove or rename one of each",
			r.origin, r.table.Name, strings.Join(twice, "; "))
	}
	if len(header) == 1 && strings.Count(header[0], ";") > 0 {
		return fmt.Errorf("%s line 1: the header is one column holding %d semicolons: the file looks semicolon-delimited; export it with commas",
			r.origin, strings.Count(header[0], ";"))
	}
	r.width = len(header)
	r.fields = make([]int, len(r.table.Columns))
	r.sourceCol = make(map[string]string, len(r.table.Columns))
	var missing []string
	for i, col := range r.table.Columns {
		name := col.Source
		if o := overrides[col.Name]; o != "" {
			name = o
		}
		r.fields[i] = -1
		if name == "" {
			continue
		}
		r.sourceCol[col.Name] = name
		if p, ok := position[strings.ToLower(name)]; ok {
			r.fields[i] = p
		} else if !col.Extension {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s (table %s): header lacks column(s) %s", r.origin, r.table.Name, strings.Join(missing, ", "))
	}
	read := make(map[int]bool, len(r.fields))
	for _, p := range r.fields {
		read[p] = true
	}
	for i, h := range header {
		if !read[i] {
			r.unused = append(r.unused, strings.TrimSpace(h))
		}
	}
	return nil
}

// fill reads records into the batch until it is full or the file ends.
func (r *fileReader) fill(ctx context.Context, b *extract.RawBatches) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for !b.Full() {
		record, line, err := r.records.Read()
		if errors.Is(err, io.EOF) {
			return io.EOF
		}
		if err != nil {
			var broken *csvrecords.Broken
			if errors.As(err, &broken) {
				if err := r.reject(int64(broken.First), broken.Error()); err != nil {
					return err
				}
				continue
			}
			var perr *csv.ParseError
			if !errors.As(err, &perr) {
				return fmt.Errorf("%s: reading: %w", r.origin, err)
			}
			if err := r.reject(int64(perr.StartLine), perr.Err.Error()); err != nil {
				return err
			}
			continue
		}
		if len(record) != r.width {
			msg := fmt.Sprintf("has %d fields, the header has %d", len(record), r.width)
			if err := r.reject(int64(line), msg); err != nil {
				return err
			}
			continue
		}
		b.AppendBytesRow(int64(line), func(col int) ([]byte, bool) {
			if p := r.fields[col]; p >= 0 {
				return record[p], true
			}
			return nil, false
		})
	}
	return nil
}

func (r *fileReader) reject(line int64, problem string) error {
	return r.q.Reject(canonical.Rejection{
		Table: r.table.Name, Source: r.origin, Line: line, Rule: RuleMalformedRow,
		Message: fmt.Sprintf("%s line %d: %s", r.origin, line, problem),
	})
}
