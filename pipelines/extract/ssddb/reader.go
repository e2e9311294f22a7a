package ssddb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"carewh/canonical"
)

// rowReader streams one query's rows as raw batches.
type rowReader struct {
	refs         atomic.Int64
	parent       context.Context // the caller's: its cancellation is not a query timeout
	ctx          context.Context // bounded by query_timeout
	cancel       context.CancelFunc
	queryTimeout time.Duration
	rows         *sql.Rows
	origin       string // schema.table
	host         string
	dialect      dialect
	schema       *arrow.Schema
	builder      *array.RecordBuilder
	fields       []int
	sourceCol    map[string]string
	values       []sql.NullString
	dest         []any
	batchRows    int
	line         int64 // rows read so far
	pending      bool  // rows.Next has moved to a row not yet scanned
	cur          arrow.RecordBatch
	err          error
	done         bool
}

// newRowReader reads the rows of a query planned by p on s; cancel ends ctx,
// the query's context, derived from parent, the caller's.
func newRowReader(parent, ctx context.Context, cancel context.CancelFunc, rows *sql.Rows,
	table *canonical.Table, rel *relation, p plan, s *Source) *rowReader {
	r := &rowReader{
		parent: parent, ctx: ctx, cancel: cancel, queryTimeout: s.queryTimeout, rows: rows,
		origin: rel.qualified(), host: s.host, dialect: s.dialect, schema: table.RawSchema(),
		fields: p.fields, sourceCol: p.sourceCol, batchRows: s.batchRows,
		values: make([]sql.NullString, p.selected), dest: make([]any, p.selected),
	}
	for i := range r.values {
		r.dest[i] = &r.values[i]
	}
	r.refs.Store(1)
	r.builder = array.NewRecordBuilder(s.mem, r.schema)
	return r
}

// prime moves to the first row, so that a query that fails before
// yielding anything fails in Open, where it can be retried.
func (r *rowReader) prime() error {
	if r.rows.Next() {
		r.pending = true
		return nil
	}
	if err := r.rows.Err(); err != nil {
		return r.timedOut(err)
	}
	r.finish()
	return nil
}

func (r *rowReader) Origin() string                   { return r.origin }
func (r *rowReader) SourceColumns() map[string]string { return r.sourceCol }
func (r *rowReader) Schema() *arrow.Schema            { return r.schema }
func (r *rowReader) Err() error                       { return r.err }
func (r *rowReader) RecordBatch() arrow.RecordBatch   { return r.cur }

// Record is the deprecated name of RecordBatch.
func (r *rowReader) Record() arrow.RecordBatch { return r.cur }

func (r *rowReader) Retain() { r.refs.Add(1) }

// Release stops the query (cancelling it first, so an unfinished result is
// not read to its end) and frees the batch builder.
func (r *rowReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.cancel()
	r.rows.Close()
	r.builder.Release()
}

// Next reads up to batchRows rows into the next batch.
func (r *rowReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.done || r.err != nil {
		return false
	}
	lineCol := r.builder.Field(len(r.fields)).(*array.Int64Builder)
	n := 0
	for n < r.batchRows {
		if !r.pending && !r.rows.Next() {
			if err := r.rows.Err(); err != nil {
				r.fail(err)
				return false
			}
			r.finish()
			break
		}
		r.pending = false
		if err := r.rows.Scan(r.dest...); err != nil {
			r.fail(err)
			return false
		}
		r.line++
		for i, p := range r.fields {
			sb := r.builder.Field(i).(*array.StringBuilder)
			if p < 0 || !r.values[p].Valid {
				sb.AppendNull()
			} else {
				sb.Append(r.values[p].String)
			}
		}
		lineCol.Append(r.line)
		n++
	}
	if n == 0 {
		return false
	}
	r.cur = r.builder.NewRecordBatch()
	return true
}

// finish ends a query read to its end.
func (r *rowReader) finish() {
	r.done = true
	r.rows.Close()
	r.cancel()
}

// fail records a failure part way through: the rows already handed on
// cannot be taken back, so it is not retried and the table fails.
func (r *rowReader) fail(err error) {
	what := "failed"
	if isTransient(r.dialect, err) {
		what = "connection lost"
	}
	r.err = fmt.Errorf("reading %s on %s: %s after row %d: %w", r.origin, r.host, what, r.line, r.timedOut(err))
	if r.parent.Err() != nil {
		r.err = errors.Join(r.parent.Err(), r.err)
	}
	r.cancel()
}

// timedOut says so when err comes from the query timeout rather than the
// caller.
func (r *rowReader) timedOut(err error) error {
	if r.parent.Err() == nil && errors.Is(r.ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("query_timeout %s exceeded: %w", r.queryTimeout, err)
	}
	return err
}
