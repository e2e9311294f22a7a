package ssda903

import (
	"context"
	"io"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/pipelines/extract"
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
	*extract.Reader
	filled  []bool // per canonical column: the source fills it
	next    producer
	pending *row
	origin  string   // the current batch's file
	origins []string // every file read, in order
}

// newReader builds a reader over next. sourceCols names, per canonical
// column the table fills, where its value comes from; every other column
// is null. closer runs once, on the last Release.
func newReader(ctx context.Context, mem memory.Allocator, table *canonical.Table, sourceCols map[string]string,
	batchRows int, next producer, closer func()) *reader {
	r := &reader{next: next, filled: make([]bool, len(table.Columns))}
	for i, c := range table.Columns {
		_, r.filled[i] = sourceCols[c.Name]
	}
	r.Reader = extract.NewReader(ctx, mem, extract.ReaderConfig{
		Table: table, BatchRows: batchRows, SourceColumns: sourceCols, Fill: r.fill, Close: closer,
	})
	return r
}

// Origin names the current batch's file; between batches, every file read.
func (r *reader) Origin() string {
	if r.RecordBatch() != nil {
		return r.origin
	}
	return strings.Join(r.origins, ", ")
}

// fill takes rows until the batch is full, the rows run out, or the next
// row is from another file.
func (r *reader) fill(ctx context.Context, b *extract.RawBatches) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for !b.Full() {
		row := r.pending
		r.pending = nil
		if row == nil {
			var err error
			if row, err = r.next(); err != nil {
				return err
			}
			if row == nil {
				return io.EOF
			}
		}
		if b.Len() > 0 && row.origin != r.origin {
			r.pending = row
			return nil
		}
		if b.Len() == 0 {
			r.origin = row.origin
			if !slices.Contains(r.origins, row.origin) {
				r.origins = append(r.origins, row.origin)
			}
		}
		b.AppendRow(row.line, func(col int) (string, bool) { return row.vals[col], r.filled[col] })
	}
	return nil
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
