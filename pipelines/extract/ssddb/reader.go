package ssddb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"carewh/canonical"
	"carewh/pipelines/extract"
)

// rowReader streams one query's rows as raw batches.
type rowReader struct {
	*extract.Reader
	parent       context.Context // the caller's: its cancellation is not a query timeout
	ctx          context.Context // bounded by query_timeout
	cancel       context.CancelFunc
	queryTimeout time.Duration
	rows         *sql.Rows
	origin       string // schema.table
	host         string
	dialect      dialect
	fields       []int
	values       []sql.NullString
	dest         []any
	line         int64 // rows read so far
	pending      bool  // rows.Next has moved to a row not yet scanned
	done         bool  // the query has been read to its end
}

// newRowReader reads the rows of a query planned by p on s; cancel ends ctx,
// the query's context, derived from parent, the caller's.
func newRowReader(parent, ctx context.Context, cancel context.CancelFunc, rows *sql.Rows,
	table *canonical.Table, rel *relation, p plan, s *Source) *rowReader {
	r := &rowReader{
		parent: parent, ctx: ctx, cancel: cancel, queryTimeout: s.queryTimeout, rows: rows,
		origin: rel.qualified(), host: s.host, dialect: s.dialect, fields: p.fields,
		values: make([]sql.NullString, p.selected), dest: make([]any, p.selected),
	}
	for i := range r.values {
		r.dest[i] = &r.values[i]
	}
	// Release stops the query, cancelling it first so that an unfinished
	// result is not read to its end.
	r.Reader = extract.NewReader(parent, s.mem, extract.ReaderConfig{
		Table: table, BatchRows: s.batchRows, Origin: r.origin, SourceColumns: p.sourceCol,
		Fill: r.fill, Close: func() { r.cancel(); r.rows.Close() },
	})
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

// fill reads rows into the batch until it is full or the query ends. The
// query's own context, not the caller's, bounds it.
func (r *rowReader) fill(_ context.Context, b *extract.RawBatches) error {
	if r.done {
		return io.EOF
	}
	for !b.Full() {
		if !r.pending && !r.rows.Next() {
			if err := r.rows.Err(); err != nil {
				return r.fail(err)
			}
			r.finish()
			return io.EOF
		}
		r.pending = false
		if err := r.rows.Scan(r.dest...); err != nil {
			return r.fail(err)
		}
		r.line++
		b.AppendRow(r.line, func(col int) (string, bool) {
			if p := r.fields[col]; p >= 0 {
				return r.values[p].String, r.values[p].Valid
			}
			return "", false
		})
	}
	return nil
}

// finish ends a query read to its end.
func (r *rowReader) finish() {
	r.done = true
	r.rows.Close()
	r.cancel()
}

// fail describes a failure part way through: the rows already handed on
// cannot be taken back, so it is not retried and the table fails.
func (r *rowReader) fail(err error) error {
	what := "failed"
	if isTransient(r.dialect, err) {
		what = "connection lost"
	}
	err = fmt.Errorf("reading %s on %s: %s after row %d: %w", r.origin, r.host, what, r.line, r.timedOut(err))
	if r.parent.Err() != nil {
		err = errors.Join(r.parent.Err(), err)
	}
	r.cancel()
	return err
}

// timedOut says so when err comes from the query timeout rather than the
// caller.
func (r *rowReader) timedOut(err error) error {
	if r.parent.Err() == nil && errors.Is(r.ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("query_timeout %s exceeded: %w", r.queryTimeout, err)
	}
	return err
}
