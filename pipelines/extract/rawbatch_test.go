package extract

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"carewh/canonical"
)

var testTable = &canonical.Table{
	Name: "things",
	Columns: []canonical.Column{
		{Name: "thing_id", Kind: canonical.Text},
		{Name: "note", Kind: canonical.Text},
	},
}

// testRow is a raw row as a test writes it: nil is null.
type testRow struct {
	line int64
	vals []*string
}

func str(s string) *string { return &s }

// rowsOf reads a raw batch back as test rows.
func rowsOf(t *testing.T, rec arrow.RecordBatch) []testRow {
	t.Helper()
	if !rec.Schema().Equal(testTable.RawSchema()) {
		t.Fatalf("schema %v, want %v", rec.Schema(), testTable.RawSchema())
	}
	lines := rec.Column(len(testTable.Columns)).(*array.Int64)
	var out []testRow
	for i := 0; i < int(rec.NumRows()); i++ {
		r := testRow{line: lines.Value(i)}
		for c := range testTable.Columns {
			col := rec.Column(c).(*array.String)
			if col.IsNull(i) {
				r.vals = append(r.vals, nil)
			} else {
				r.vals = append(r.vals, str(col.Value(i)))
			}
		}
		out = append(out, r)
	}
	return out
}

// sliceFill fills batches from rows, ending a batch early before each
// line in breaks, then fails with err if it is set, else ends with io.EOF.
func sliceFill(rows []testRow, breaks map[int64]bool, err error) Fill {
	i := 0
	return func(ctx context.Context, b *RawBatches) error {
		for !b.Full() {
			if i == len(rows) {
				if err != nil {
					return err
				}
				return io.EOF
			}
			r := rows[i]
			if b.Len() > 0 && breaks[r.line] {
				return nil
			}
			b.AppendRow(r.line, func(col int) (string, bool) {
				if r.vals[col] == nil {
					return "", false
				}
				return *r.vals[col], true
			})
			i++
		}
		return nil
	}
}

// newTestReader makes a Reader of testTable whose allocator must hold
// nothing once the test and its deferred calls are done.
func newTestReader(t *testing.T, ctx context.Context, cfg ReaderConfig) *Reader {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	cfg.Table = testTable
	return NewReader(ctx, mem, cfg)
}

var sampleRows = []testRow{
	{2, []*string{str("a"), nil}},
	{3, []*string{str("b"), str("")}},
	{5, []*string{str(""), str("x")}},
	{6, []*string{nil, nil}},
	{9, []*string{str("e"), str("y")}},
}

// TestReaderBatches: rows come back in batches of at most BatchRows, as
// appended, null apart from empty, each with its line; a Fill may end a
// batch early, and the rows before io.EOF make the last batch.
func TestReaderBatches(t *testing.T) {
	closed := 0
	r := newTestReader(t, context.Background(), ReaderConfig{
		BatchRows: 2, Origin: "things.csv",
		SourceColumns: map[string]string{"thing_id": "ID"},
		Fill:          sliceFill(sampleRows, map[int64]bool{5: true}, nil),
		Close:         func() { closed++ },
	})
	var _ TableReader = r
	if r.Origin() != "things.csv" || r.SourceColumns()["thing_id"] != "ID" {
		t.Errorf("Origin %q, SourceColumns %v", r.Origin(), r.SourceColumns())
	}
	if !r.Schema().Equal(testTable.RawSchema()) {
		t.Errorf("Schema %v", r.Schema())
	}
	var got [][]testRow
	for r.Next() {
		if r.Record() != r.RecordBatch() {
			t.Error("Record is not RecordBatch")
		}
		got = append(got, rowsOf(t, r.RecordBatch()))
	}
	want := [][]testRow{sampleRows[0:2], sampleRows[2:4], sampleRows[4:5]}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(testRow{})); diff != "" {
		t.Errorf("batches (-want +got):\n%s", diff)
	}
	if r.Err() != nil || r.RecordBatch() != nil {
		t.Errorf("after the last batch: Err %v, RecordBatch %v", r.Err(), r.RecordBatch())
	}
	if r.Next() {
		t.Error("Next after the end")
	}
	r.Retain()
	r.Release()
	if closed != 0 {
		t.Fatal("closed before the last Release")
	}
	r.Release()
	if closed != 1 {
		t.Fatalf("closed %d times", closed)
	}
}

// TestReaderError: an error from Fill ends the stream with it, dropping
// (and freeing) the rows appended before it, and Fill is not called again.
func TestReaderError(t *testing.T) {
	boom := errors.New("boom")
	fill := sliceFill(sampleRows[:3], nil, boom)
	calls := 0
	r := newTestReader(t, context.Background(), ReaderConfig{
		BatchRows: 2,
		Fill:      func(ctx context.Context, b *RawBatches) error { calls++; return fill(ctx, b) },
	})
	defer r.Release()
	if !r.Next() || r.RecordBatch().NumRows() != 2 {
		t.Fatal("want a first batch of 2 rows")
	}
	if r.Next() {
		t.Fatalf("Next after the error: a batch of %d rows", r.RecordBatch().NumRows())
	}
	if !errors.Is(r.Err(), boom) || r.RecordBatch() != nil {
		t.Errorf("Err %v, RecordBatch %v", r.Err(), r.RecordBatch())
	}
	if r.Next() || calls != 2 {
		t.Errorf("Fill called %d times, want 2", calls)
	}
}

// TestReaderContext: the Reader hands Fill its context, which decides what
// a cancellation means.
func TestReaderContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := newTestReader(t, ctx, ReaderConfig{
		BatchRows: 10,
		Fill:      func(ctx context.Context, b *RawBatches) error { return ctx.Err() },
	})
	defer r.Release()
	if r.Next() || !errors.Is(r.Err(), context.Canceled) {
		t.Errorf("Next on a cancelled context: Err %v", r.Err())
	}
}

// TestReaderEmpty: a table with no rows has no batches and no error.
func TestReaderEmpty(t *testing.T) {
	r := newTestReader(t, context.Background(), ReaderConfig{BatchRows: 10, Fill: sliceFill(nil, nil, nil)})
	defer r.Release()
	if r.Next() || r.Err() != nil {
		t.Errorf("Next on no rows: Err %v", r.Err())
	}
}

// TestReaderReleaseMidStream: releasing while a batch is current frees
// it. (TestReaderError checks that rows never made into a batch are.)
func TestReaderReleaseMidStream(t *testing.T) {
	r := newTestReader(t, context.Background(), ReaderConfig{
		BatchRows: 2, Fill: sliceFill(sampleRows, nil, errors.New("stop")),
	})
	for i := range 2 {
		if !r.Next() {
			t.Fatalf("no batch %d; want two", i+1)
		}
	}
	r.Release()
}

// TestRawBatchesPartial: Len and Full count the batch being built, and
// Release frees rows never made into a batch.
func TestRawBatchesPartial(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := NewRawBatches(mem, testTable, 2)
	defer b.Release()
	b.AppendRow(7, func(int) (string, bool) { return "v", true })
	if b.Len() != 1 || b.Full() {
		t.Errorf("after one row of two: Len %d, Full %v", b.Len(), b.Full())
	}
	b.AppendRow(8, func(int) (string, bool) { return "", false })
	if !b.Full() {
		t.Error("not Full after two rows of two")
	}
	rec := b.NewBatch()
	defer rec.Release()
	want := []testRow{{7, []*string{str("v"), str("v")}}, {8, []*string{nil, nil}}}
	if diff := cmp.Diff(want, rowsOf(t, rec), cmp.AllowUnexported(testRow{})); diff != "" {
		t.Errorf("batch (-want +got):\n%s", diff)
	}
	if b.Len() != 0 || b.Full() {
		t.Errorf("after NewBatch: Len %d, Full %v", b.Len(), b.Full())
	}
	b.AppendRow(9, func(int) (string, bool) { return "w", true })
}
