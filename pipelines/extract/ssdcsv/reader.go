package ssdcsv

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/transforms"
)

// RuleMalformedRow marks a CSV record that cannot be split into the
// header's columns.
const RuleMalformedRow = "malformed_row"

// fileReader streams one CSV file as raw batches.
type fileReader struct {
	refs      atomic.Int64
	ctx       context.Context
	file      *os.File
	csv       *csv.Reader
	origin    string
	table     *canonical.Table
	schema    *arrow.Schema
	builder   *array.RecordBuilder
	fields    []int // per canonical column, its index in the record, or -1
	sourceCol map[string]string
	width     int
	unused    []string // header columns no canonical column reads
	batchRows int
	q         transforms.Quarantine
	cur       arrow.RecordBatch
	err       error
	done      bool
}

func openFile(ctx context.Context, mem memory.Allocator, path string, table *canonical.Table,
	overrides map[string]string, batchRows int, q transforms.Quarantine) (*fileReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", table.Name, err)
	}
	r := &fileReader{
		ctx: ctx, file: f, origin: filepath.Base(path), table: table,
		schema: table.RawSchema(), batchRows: batchRows, q: q,
	}
	r.refs.Store(1)
	r.csv = csv.NewReader(skipBOM(f))
	r.csv.FieldsPerRecord = -1
	r.csv.ReuseRecord = true
	header, err := r.csv.Read()
	if err != nil {
		f.Close()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: file is empty: expected a header row", r.origin)
		}
		return nil, fmt.Errorf("%s line 1: reading header: %w", r.origin, err)
	}
	if err := r.mapColumns(header, overrides); err != nil {
		f.Close()
		return nil, err
	}
	r.builder = array.NewRecordBuilder(mem, r.schema)
	return r, nil
}

// mapColumns finds each canonical column's position in the header.
func (r *fileReader) mapColumns(header []string, overrides map[string]string) error {
	position := make(map[string]int, len(header))
	for i, h := range header {
		position[strings.ToLower(strings.TrimSpace(h))] = i
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

func (r *fileReader) Origin() string                   { return r.origin }
func (r *fileReader) SourceColumns() map[string]string { return r.sourceCol }
func (r *fileReader) Schema() *arrow.Schema            { return r.schema }
func (r *fileReader) Err() error                       { return r.err }
func (r *fileReader) RecordBatch() arrow.RecordBatch   { return r.cur }

// Record is the deprecated name of RecordBatch.
func (r *fileReader) Record() arrow.RecordBatch { return r.cur }

func (r *fileReader) Retain() { r.refs.Add(1) }

func (r *fileReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.builder.Release()
	r.file.Close()
}

// Next reads up to batchRows records into the next batch.
func (r *fileReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.done || r.err != nil {
		return false
	}
	if err := r.ctx.Err(); err != nil {
		r.err = err
		return false
	}
	lineCol := r.builder.Field(len(r.table.Columns)).(*array.Int64Builder)
	n := 0
	for n < r.batchRows {
		record, err := r.csv.Read()
		if errors.Is(err, io.EOF) {
			r.done = true
			break
		}
		if err != nil {
			var perr *csv.ParseError
			if !errors.As(err, &perr) {
				r.err = fmt.Errorf("%s: reading: %w", r.origin, err)
				return false
			}
			if r.err = r.reject(int64(perr.StartLine), perr.Err.Error()); r.err != nil {
				return false
			}
			continue
		}
		line, _ := r.csv.FieldPos(0)
		if len(record) != r.width {
			msg := fmt.Sprintf("has %d fields, the header has %d", len(record), r.width)
			if r.err = r.reject(int64(line), msg); r.err != nil {
				return false
			}
			continue
		}
		for i, p := range r.fields {
			sb := r.builder.Field(i).(*array.StringBuilder)
			if p < 0 {
				sb.AppendNull()
			} else {
				sb.Append(record[p])
			}
		}
		lineCol.Append(int64(line))
		n++
	}
	if n == 0 {
		return false
	}
	r.cur = r.builder.NewRecordBatch()
	return true
}

func (r *fileReader) reject(line int64, problem string) error {
	return r.q.Reject(transforms.Rejection{
		Table: r.table.Name, Source: r.origin, Line: line, Rule: RuleMalformedRow,
		Message: fmt.Sprintf("%s line %d: %s", r.origin, line, problem),
	})
}

// skipBOM buffers f and drops a UTF-8 byte-order mark, as Excel writes one.
func skipBOM(f io.Reader) io.Reader {
	br := bufio.NewReaderSize(f, 1<<20)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	return br
}
