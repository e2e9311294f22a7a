package ssda903

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
)

// row is one raw row of a canonical table: its values in canonical column
// order (only the columns the table fills are read) and where it came from.
type row struct {
	origin string
	line   int64
	vals   []string
}

// producer yields rows one at a time; a nil row ends the table. The row
// stays valid until the next call.
type producer func() (*row, error)

// reader turns a producer into raw Arrow batches. A batch holds at most
// batchRows rows, all from one file, so Origin names the batch's file.
type reader struct {
	refs       atomic.Int64
	ctx        context.Context
	table      *canonical.Table
	schema     *arrow.Schema
	builder    *array.RecordBuilder
	filled     []bool // per canonical column: the source fills it
	next       producer
	closer     func()
	sourceCols map[string]string
	batchRows  int
	pending    *row
	origin     string   // the current batch's file
	origins    []string // every file read, in order
	cur        arrow.RecordBatch
	err        error
	done       bool
}

// newReader builds a reader over next. sourceCols names, per canonical
// column the table fills, where its value comes from; every other column
// is null. closer runs once, on the last Release.
func newReader(ctx context.Context, mem memory.Allocator, table *canonical.Table, sourceCols map[string]string,
	batchRows int, next producer, closer func()) *reader {
	r := &reader{
		ctx: ctx, table: table, schema: table.RawSchema(), sourceCols: sourceCols,
		batchRows: batchRows, next: next, closer: closer,
		filled: make([]bool, len(table.Columns)),
	}
	for i, c := range table.Columns {
		_, r.filled[i] = sourceCols[c.Name]
	}
	r.refs.Store(1)
	r.builder = array.NewRecordBuilder(mem, r.schema)
	return r
}

// Origin names the current batch's file; between batches, every file read.
func (r *reader) Origin() string {
	if r.cur != nil {
		return r.origin
	}
	return strings.Join(r.origins, ", ")
}

func (r *reader) SourceColumns() map[string]string { return r.sourceCols }
func (r *reader) Schema() *arrow.Schema            { return r.schema }
func (r *reader) Err() error                       { return r.err }
func (r *reader) RecordBatch() arrow.RecordBatch   { return r.cur }

// Record is the deprecated name of RecordBatch.
func (r *reader) Record() arrow.RecordBatch { return r.cur }

func (r *reader) Retain() { r.refs.Add(1) }

func (r *reader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.builder.Release()
	if r.closer != nil {
		r.closer()
	}
}

// Next builds the next batch.
func (r *reader) Next() bool {
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
	lines := r.builder.Field(len(r.table.Columns)).(*array.Int64Builder)
	n := 0
	for n < r.batchRows {
		row := r.pending
		r.pending = nil
		if row == nil {
			var err error
			if row, err = r.next(); err != nil {
				r.err = err
				return false
			}
			if row == nil {
				r.done = true
				break
			}
		}
		if n > 0 && row.origin != r.origin {
			r.pending = row
			break
		}
		if n == 0 {
			r.origin = row.origin
			if !slices.Contains(r.origins, row.origin) {
				r.origins = append(r.origins, row.origin)
			}
		}
		for i, filled := range r.filled {
			sb := r.builder.Field(i).(*array.StringBuilder)
			if filled {
				sb.Append(row.vals[i])
			} else {
				sb.AppendNull()
			}
		}
		lines.Append(row.line)
		n++
	}
	if n == 0 {
		return false
	}
	r.cur = r.builder.NewRecordBatch()
	return true
}

// sliceProducer yields rows held in memory.
func sliceProducer(rows []*row) producer {
	i := 0
	return func() (*row, error) {
		if i == len(rows) {
			return nil, nil
		}
		i++
		return rows[i-1], nil
	}
}

// columnIndex maps canonical column names to positions, for filling rows.
type columnIndex map[string]int

func indexColumns(t *canonical.Table) columnIndex {
	idx := make(columnIndex, len(t.Columns))
	for i, c := range t.Columns {
		idx[c.Name] = i
	}
	return idx
}

// newRow makes a row of t with every value blank.
func newRow(t *canonical.Table, origin string, line int64) *row {
	return &row{origin: origin, line: line, vals: make([]string, len(t.Columns))}
}
