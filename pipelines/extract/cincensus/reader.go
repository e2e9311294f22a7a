package cincensus

import (
	"context"
	"fmt"
	"hash/maphash"
	"io"
	"strings"

	"carewh/canonical"
	"carewh/pipelines/extract"
)

// RuleMalformedRow marks a child whose record cannot be made into a row:
// an element the census allows once appears twice.
const RuleMalformedRow = "malformed_row"

// tableReader streams one table from every census file, latest census
// first, one child at a time. A batch never mixes files, so Origin names
// the file of the batch just read.
type tableReader struct {
	*extract.Reader
	src    *Source
	table  *canonical.Table
	spec   tableSpec
	rows   *rowBuilder
	q      canonical.Quarantine
	keyCol int

	// De-duplication across files: the hash of each key read from a file
	// other than the oldest, with the file it came from. Nil when there is
	// only one file (nothing to supersede).
	seed       maphash.Seed
	seen       map[uint64]uint16
	superseded int64

	fileIndex int     // the file being read, or next to open
	stream    *stream // nil between files
	pending   []row   // rows of the last child not yet in a batch
	origin    string  // the file of the current batch
}

func newTableReader(ctx context.Context, s *Source, table *canonical.Table, spec tableSpec, q canonical.Quarantine) (*tableReader, error) {
	r := &tableReader{
		src: s, table: table, spec: spec, q: q,
		rows: newRowBuilder(table), keyCol: -1, seed: maphash.MakeSeed(),
	}
	for i, c := range table.Columns {
		if c.Name == table.Key {
			r.keyCol = i
		}
	}
	if len(s.files) > 1 {
		r.seen = make(map[uint64]uint16)
	}
	r.Reader = extract.NewReader(ctx, s.mem, extract.ReaderConfig{
		Table: table, BatchRows: s.opts.BatchRows, SourceColumns: spec.columns, Fill: r.fill, Close: r.closeStream,
	})
	return r, nil
}

// Origin is the file of the batch just read; before the first batch and
// after the last, every file.
func (r *tableReader) Origin() string {
	if r.RecordBatch() != nil {
		return r.origin
	}
	return strings.Join(r.src.Files(), ", ")
}

// fill reads children until it has a batch of rows, the file ends, or
// every file is read.
func (r *tableReader) fill(ctx context.Context, b *extract.RawBatches) error {
	for !b.Full() {
		if len(r.pending) > 0 {
			row := &r.pending[0]
			b.AppendRow(row.line, func(col int) (string, bool) { return restoreBadBytes(row.vals[col].Value), row.vals[col].Set })
			r.pending = r.pending[1:]
			continue
		}
		if err := ctx.Err(); err != nil {
			return r.fail(err)
		}
		if r.stream == nil {
			if b.Len() > 0 {
				return nil // a batch holds the rows of one file
			}
			if r.fileIndex == len(r.src.files) {
				r.finish(ctx)
				return io.EOF
			}
			f := r.src.files[r.fileIndex]
			s, err := openStream(f.path, f.name, r.src.opts.Digests)
			if err != nil {
				return r.fail(err)
			}
			s.maxChild = r.src.opts.MaxChildElements
			r.stream, r.origin = s, s.name
		}
		c, err := r.stream.next()
		if err == io.EOF {
			r.closeStream()
			r.fileIndex++
			continue
		}
		if err != nil {
			return r.fail(fmt.Errorf("%w; a damaged file would give an incomplete extract, so nothing is loaded from this run", err))
		}
		if err := r.take(c); err != nil {
			return r.fail(err)
		}
	}
	return nil
}

// take makes the child's rows and queues those to load.
func (r *tableReader) take(c *child) error {
	if c.tooLarge != "" {
		r.pending = r.pending[:0]
		err := r.q.Reject(canonical.Rejection{
			Table: r.table.Name, Source: r.origin, Line: c.Line, Rule: RuleMalformedRow,
			Message: fmt.Sprintf("%s line %d: %s", r.origin, c.Line, c.tooLarge),
		})
		if err != nil {
			return fmt.Errorf("quarantining %s line %d: %w", r.origin, c.Line, err)
		}
		return nil
	}
	rows := r.rows.build(r.spec, c)
	r.pending = r.pending[:0]
	for _, row := range rows {
		latest, err := r.latest(row)
		if err != nil {
			return err
		}
		if !latest {
			r.superseded++
			continue
		}
		if row.problem != "" {
			key := ""
			if r.keyCol >= 0 {
				key = strings.TrimSpace(row.vals[r.keyCol].Value)
			}
			err := r.q.Reject(canonical.Rejection{
				Table: r.table.Name, Source: r.origin, Line: row.line, Key: key, Rule: RuleMalformedRow,
				Message: fmt.Sprintf("%s line %d: %s", r.origin, row.line, row.problem),
			})
			if err != nil {
				return fmt.Errorf("quarantining %s line %d: %w", r.origin, row.line, err)
			}
			continue
		}
		r.pending = append(r.pending, row)
	}
	return nil
}

// latest says whether a row is from the latest census that has its key:
// a key already read from a later census is superseded. Keys read from the
// same file pass, for the transforms to quarantine as duplicates.
func (r *tableReader) latest(row row) (bool, error) {
	if r.seen == nil || r.keyCol < 0 {
		return true, nil
	}
	key := strings.TrimSpace(row.vals[r.keyCol].Value)
	if key == "" {
		return true, nil
	}
	h := maphash.String(r.seed, key)
	if from, ok := r.seen[h]; ok {
		return int(from) == r.fileIndex, nil
	}
	if r.fileIndex == len(r.src.files)-1 {
		return true, nil // the oldest file: nothing after it to supersede
	}
	if len(r.seen) >= r.src.opts.MaxKeys {
		return false, fmt.Errorf("table %s: more than %d distinct keys across %d CIN census files; carewh remembers at most that many to keep the latest census's rows (about %d MB): read fewer census years at once",
			r.table.Name, r.src.opts.MaxKeys, len(r.src.files), r.src.opts.MaxKeys*40>>20)
	}
	r.seen[h] = uint16(r.fileIndex)
	return true, nil
}

// fail closes the file being read and returns err.
func (r *tableReader) fail(err error) error {
	r.closeStream()
	return err
}

func (r *tableReader) closeStream() {
	if r.stream != nil {
		r.stream.Close()
		r.stream = nil
	}
}

func (r *tableReader) finish(ctx context.Context) {
	if r.superseded > 0 {
		r.src.opts.Log.InfoContext(ctx, "rows superseded by a later CIN census", "table", r.table.Name, "rows", r.superseded)
	}
}
