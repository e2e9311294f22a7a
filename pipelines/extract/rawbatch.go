package extract

import (
	"context"
	"io"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
)

// RawBatches builds the batches of one table in its RawSchema: every
// canonical column as text, null kept apart from empty, then the line
// each row was read from.
type RawBatches struct {
	builder *array.RecordBuilder
	values  []*array.StringBuilder // per canonical column
	lines   *array.Int64Builder
	size    int // rows a batch holds at most
	rows    int // rows in the batch being built
}

// NewRawBatches builds batches of table of at most size rows each.
func NewRawBatches(mem memory.Allocator, table *canonical.Table, size int) *RawBatches {
	b := &RawBatches{builder: array.NewRecordBuilder(mem, table.RawSchema()), size: size}
	b.values = make([]*array.StringBuilder, len(table.Columns))
	for i := range b.values {
		b.values[i] = b.builder.Field(i).(*array.StringBuilder)
	}
	b.lines = b.builder.Field(len(table.Columns)).(*array.Int64Builder)
	return b
}

// Schema is the table's RawSchema.
func (b *RawBatches) Schema() *arrow.Schema { return b.builder.Schema() }

// AppendRow appends one row read at line. value gives the text of the
// canonical column at index col, with ok false for null.
func (b *RawBatches) AppendRow(line int64, value func(col int) (v string, ok bool)) {
	for i, sb := range b.values {
		if v, ok := value(i); ok {
			sb.Append(v)
		} else {
			sb.AppendNull()
		}
	}
	b.lines.Append(line)
	b.rows++
}

// AppendBytesRow is AppendRow for a reader whose text is in byte slices:
// it copies them into the batch without making strings first.
func (b *RawBatches) AppendBytesRow(line int64, value func(col int) (v []byte, ok bool)) {
	for i, sb := range b.values {
		if v, ok := value(i); ok {
			sb.BinaryBuilder.Append(v)
		} else {
			sb.AppendNull()
		}
	}
	b.lines.Append(line)
	b.rows++
}

// Len is the number of rows in the batch being built.
func (b *RawBatches) Len() int { return b.rows }

// Full says the batch being built has as many rows as a batch holds.
func (b *RawBatches) Full() bool { return b.rows >= b.size }

// NewBatch returns the rows appended since the last batch and starts the
// next one. The caller releases it.
func (b *RawBatches) NewBatch() arrow.RecordBatch {
	full := b.Full()
	b.rows = 0
	batch := b.builder.NewRecordBatch()
	if full {
		// The next batch is likely the same size: room for it up front
		// saves growing every buffer from nothing by doubling.
		b.builder.Reserve(b.size)
		for i, sb := range b.values {
			text := len(batch.Column(i).(*array.String).ValueBytes())
			sb.ReserveData(text + text/8)
		}
	}
	return batch
}

// Release frees the builder and any rows not made into a batch.
func (b *RawBatches) Release() { b.builder.Release() }

// Fill appends the next batch's rows to b: until b is Full, or sooner
// where a batch must end (say, at the end of a file). It returns io.EOF
// itself, never wrapped, once the table has no more rows; the rows it
// appended first still make a batch. Any other error ends the stream with
// that error, and the rows appended before it are dropped. ctx is the one
// the Reader was made with; Fill checks it as its source needs.
type Fill func(ctx context.Context, b *RawBatches) error

// ReaderConfig says what a Reader reads.
type ReaderConfig struct {
	Table *canonical.Table
	// BatchRows is how many rows a batch holds at most.
	BatchRows int
	// Origin is what Origin returns; a source whose origin changes from
	// batch to batch wraps the Reader and answers Origin itself.
	Origin string
	// SourceColumns is what SourceColumns returns.
	SourceColumns map[string]string
	Fill          Fill
	// Close, if set, runs once, on the last Release: it closes what Fill
	// reads from.
	Close func()
}

// Reader is a TableReader whose batches a Fill makes. It releases the
// previous batch on Next, stops at the first error or at io.EOF, and
// frees everything on the last Release.
type Reader struct {
	refs    atomic.Int64
	ctx     context.Context
	cfg     ReaderConfig
	batches *RawBatches
	cur     arrow.RecordBatch
	err     error
	done    bool
}

// NewReader makes a Reader with one reference; ctx is passed to every
// call of cfg.Fill.
func NewReader(ctx context.Context, mem memory.Allocator, cfg ReaderConfig) *Reader {
	r := &Reader{ctx: ctx, cfg: cfg, batches: NewRawBatches(mem, cfg.Table, cfg.BatchRows)}
	r.refs.Store(1)
	return r
}

func (r *Reader) Origin() string                   { return r.cfg.Origin }
func (r *Reader) SourceColumns() map[string]string { return r.cfg.SourceColumns }
func (r *Reader) Schema() *arrow.Schema            { return r.batches.Schema() }
func (r *Reader) Err() error                       { return r.err }
func (r *Reader) RecordBatch() arrow.RecordBatch   { return r.cur }

// Record is the deprecated name of RecordBatch.
func (r *Reader) Record() arrow.RecordBatch { return r.cur }

func (r *Reader) Retain() { r.refs.Add(1) }

func (r *Reader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.batches.Release()
	if r.cfg.Close != nil {
		r.cfg.Close()
	}
}

// Next releases the current batch and fills the next.
func (r *Reader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.done || r.err != nil {
		return false
	}
	err := r.cfg.Fill(r.ctx, r.batches)
	if err == io.EOF {
		r.done = true
	} else if err != nil {
		r.err = err
		return false
	}
	if r.batches.Len() == 0 {
		r.done = true
		return false
	}
	r.cur = r.batches.NewBatch()
	return true
}
