package lake

import (
	"sync"

	"carewh/canonical"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/transforms/parquet"
)

// QuarantineSchema is the lake's quarantine table, one row per broken rule.
var QuarantineSchema = arrow.NewSchema([]arrow.Field{
	{Name: "table_name", Type: arrow.BinaryTypes.String},
	{Name: "source", Type: arrow.BinaryTypes.String},
	{Name: "line", Type: arrow.PrimitiveTypes.Int64},
	{Name: "record_key", Type: arrow.BinaryTypes.String},
	{Name: "rule", Type: arrow.BinaryTypes.String},
	{Name: "column_name", Type: arrow.BinaryTypes.String},
	{Name: "value", Type: arrow.BinaryTypes.String},
	{Name: "message", Type: arrow.BinaryTypes.String},
}, nil)

const quarantineFlushRows = 65536

// sourceRow identifies a source row: a table may come from several files,
// and a source may make several rows of a table from one line.
type sourceRow struct {
	source string
	line   int64
	key    string
}

// QuarantineFile collects rejections from every table of a run into one
// Parquet file. Safe for concurrent use.
type QuarantineFile struct {
	mu      sync.Mutex
	builder *array.RecordBuilder
	writer  *parquet.Writer
	// bySource: per table, the rows the source itself set aside before
	// they reached the transforms, which count as read and quarantined;
	// fixedBySource, the rows it passed on with a bad value left out.
	bySource, fixedBySource map[string]map[sourceRow]struct{}
	pending                 int
	done                    bool
}

func NewQuarantineFile(mem memory.Allocator, lake Lake, runID string) (*QuarantineFile, error) {
	w, err := parquet.Create(mem, QuarantineSchema, lake.Root, lake.StagingFile("quarantine", runID))
	if err != nil {
		return nil, err
	}
	return &QuarantineFile{builder: array.NewRecordBuilder(mem, QuarantineSchema), writer: w,
		bySource: map[string]map[sourceRow]struct{}{}, fixedBySource: map[string]map[sourceRow]struct{}{}}, nil
}

// Reject records one broken rule.
func (q *QuarantineFile) Reject(r canonical.Rejection) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	b := q.builder
	// Every text is made valid UTF-8 (bad bytes shown as \xNN): a source's
	// bad byte quoted in a message must not make the quarantine unreadable.
	b.Field(0).(*array.StringBuilder).Append(r.Table)
	b.Field(1).(*array.StringBuilder).Append(canonical.ValidText(r.Source))
	b.Field(2).(*array.Int64Builder).Append(r.Line)
	appendOptional(b.Field(3).(*array.StringBuilder), canonical.ValidText(r.Key))
	b.Field(4).(*array.StringBuilder).Append(r.Rule)
	appendOptional(b.Field(5).(*array.StringBuilder), r.Column)
	appendOptional(b.Field(6).(*array.StringBuilder), canonical.ValidText(r.Value))
	b.Field(7).(*array.StringBuilder).Append(canonical.ValidText(r.Message))
	if q.pending++; q.pending >= quarantineFlushRows {
		return q.flush()
	}
	return nil
}

// FromSource is the quarantine a source is given: what it rejects is also
// counted as rows of the table the transforms never see. safe makes a
// rejection fit for the lake (transforms.SourceRejections pseudonymises
// its key and value: sources never do).
func (q *QuarantineFile) FromSource(safe func(canonical.Rejection) canonical.Rejection) canonical.Quarantine {
	return sourceQuarantine{q: q, safe: safe}
}

type sourceQuarantine struct {
	q    *QuarantineFile
	safe func(canonical.Rejection) canonical.Rejection
}

func (s sourceQuarantine) Reject(r canonical.Rejection) error {
	r = s.safe(r)
	if err := s.q.Reject(r); err != nil {
		return err
	}
	s.q.mu.Lock()
	defer s.q.mu.Unlock()
	rows := s.q.bySource
	if r.Rule == canonical.RuleBadValue {
		rows = s.q.fixedBySource
	}
	if rows[r.Table] == nil {
		rows[r.Table] = map[sourceRow]struct{}{}
	}
	rows[r.Table][sourceRow{r.Source, r.Line, r.Key}] = struct{}{}
	return nil
}

// SourceRows is how many rows of table the source set aside itself (a row
// rejected for several reasons counts once), and how many it passed on with
// a bad value left out (a 903 permanence row's PlacedAdoption value, which
// only the source can name the file of).
func (q *QuarantineFile) SourceRows(table string) (rejected, fixed int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return int64(len(q.bySource[table])), int64(len(q.fixedBySource[table]))
}

func (q *QuarantineFile) flush() error {
	rec := q.builder.NewRecordBatch()
	defer rec.Release()
	q.pending = 0
	return q.writer.Write(rec)
}

// Close writes what is left and finishes the file.
func (q *QuarantineFile) Close() (parquet.File, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.done = true
	defer q.builder.Release()
	if err := q.flush(); err != nil {
		q.writer.Abort()
		return parquet.File{}, err
	}
	return q.writer.Close()
}

// Abort discards the file.
func (q *QuarantineFile) Abort() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.done {
		q.done = true
		q.builder.Release()
		q.writer.Abort()
	}
}

func appendOptional(b *array.StringBuilder, s string) {
	if s == "" {
		b.AppendNull()
	} else {
		b.Append(s)
	}
}
