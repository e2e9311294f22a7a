package transforms

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
)

const (
	testKey  = "test-key-0123456789abcdef0123456789abcdef"
	otherKey = "another-key-0123456789abcdef0123456789ab"
)

// testAsOf makes the upper date bound 2030-06-30 (AsOf + 5 years).
var testAsOf = time.Date(2025, time.June, 30, 0, 0, 0, 0, time.UTC)

// quarantine records every rejection it is handed.
type quarantine struct {
	mu  sync.Mutex
	got []canonical.Rejection
}

func (q *quarantine) Reject(r canonical.Rejection) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.got = append(q.got, r)
	return nil
}

// raw is one source row: canonical column → text. A column left out of
// vals is null; "" is a present but blank value.
type raw struct {
	line int64
	vals map[string]string
}

// rawBatch builds a batch in table's RawSchema.
func rawBatch(mem memory.Allocator, table *canonical.Table, rows []raw) arrow.RecordBatch {
	b := array.NewRecordBuilder(mem, table.RawSchema())
	defer b.Release()
	for _, r := range rows {
		for i, col := range table.Columns {
			sb := b.Field(i).(*array.StringBuilder)
			if v, ok := r.vals[col.Name]; ok {
				sb.Append(v)
			} else {
				sb.AppendNull()
			}
		}
		b.Field(len(table.Columns)).(*array.Int64Builder).Append(r.line)
	}
	return b.NewRecordBatch()
}

// typed is one conformed row as plain Go values: string, date as
// "YYYY-MM-DD", bool, int64, float64, []string; nulls are left out.
// The source line is under "_line".
type typed map[string]any

// rowsOf reads a typed batch back into plain values, checking that it has
// the table's schema.
func rowsOf(t *testing.T, table *canonical.Table, rec arrow.RecordBatch) []typed {
	t.Helper()
	if !rec.Schema().Equal(table.Schema()) {
		t.Fatalf("batch schema\n%v\nwant\n%v", rec.Schema(), table.Schema())
	}
	out := make([]typed, rec.NumRows())
	for r := range out {
		row := typed{canonical.LineColumn: rec.Column(len(table.Columns)).(*array.Int64).Value(r)}
		for i, col := range table.Columns {
			a := rec.Column(i)
			if a.IsNull(r) {
				continue
			}
			switch a := a.(type) {
			case *array.String:
				row[col.Name] = a.Value(r)
			case *array.Date32:
				row[col.Name] = canonical.DateOf(int32(a.Value(r))).Format(time.DateOnly)
			case *array.Boolean:
				row[col.Name] = a.Value(r)
			case *array.Int64:
				row[col.Name] = a.Value(r)
			case *array.Float64:
				row[col.Name] = a.Value(r)
			case *array.List:
				start, end := a.ValueOffsets(r)
				vals := a.ListValues().(*array.String)
				list := []string{}
				for j := start; j < end; j++ {
					list = append(list, vals.Value(int(j)))
				}
				row[col.Name] = list
			default:
				t.Fatalf("column %s: unexpected array %T", col.Name, a)
			}
		}
		out[r] = row
	}
	return out
}

// sourceColumns is what a reader of the SSD export reports: canonical
// column → SSD column.
func sourceColumns(table *canonical.Table) map[string]string {
	m := make(map[string]string)
	for _, c := range table.Columns {
		if c.Source != "" {
			m[c.Name] = c.Source
		}
	}
	return m
}

func mustPseudonymiser(t *testing.T, key string) *Pseudonymiser {
	t.Helper()
	p, err := NewPseudonymiser([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pseudonym is the person or staff pseudonym of id under testKey.
func pseudonym(t *testing.T, kind canonical.Identifier, id string) string {
	t.Helper()
	return mustPseudonymiser(t, testKey).Pseudonym(kind, id)
}

func lookup(t *testing.T, name string) *canonical.Table {
	t.Helper()
	table, err := canonical.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return table
}

// defaults fills what every test needs and the case did not set.
func defaults(t *testing.T, table *canonical.Table, opts Options) Options {
	t.Helper()
	if opts.AsOf.IsZero() {
		opts.AsOf = testAsOf
	}
	if opts.Pseudonymiser == nil {
		opts.Pseudonymiser = mustPseudonymiser(t, testKey)
	}
	if opts.SourceColumns == nil {
		opts.SourceColumns = sourceColumns(table)
	}
	return opts
}

// conform runs batches of table through one Conformer, with a checked
// allocator, and returns the rows kept and the rejections made, record ids
// read back from their pseudonyms (see recordIDs).
func conform(t *testing.T, table *canonical.Table, origin string, opts Options, batches ...[]raw) ([]typed, []canonical.Rejection) {
	t.Helper()
	kept, rejected, _ := conformCounting(t, table, origin, opts, batches...)
	return kept, rejected
}

// conformCounting is conform that also returns the Conformer's counts. It
// checks that every row kept names origin as its source.
func conformCounting(t *testing.T, table *canonical.Table, origin string, opts Options, batches ...[]raw) ([]typed, []canonical.Rejection, Counts) {
	t.Helper()
	kept, rejected, counts := conformPseudonyms(t, table, origin, opts, batches...)
	ids := newRecordIDs(t, table, opts.Pseudonymiser)
	for _, rows := range batches {
		ids.add(rows)
	}
	return ids.rows(kept), ids.rejections(rejected), counts
}

// conformPseudonyms is conformCounting with every pseudonym left as made,
// for the tests of pseudonymisation itself.
func conformPseudonyms(t *testing.T, table *canonical.Table, origin string, opts Options, batches ...[]raw) ([]typed, []canonical.Rejection, Counts) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	c := NewConformer(mem, table, defaults(t, table, opts))
	defer c.Release()
	q := &quarantine{}
	var kept []typed
	for _, rows := range batches {
		in := rawBatch(mem, table, rows)
		out, err := c.Conform(in, origin, q)
		in.Release()
		if err != nil {
			t.Fatalf("Conform: %v", err)
		}
		sources := out.Column(len(table.Columns) + 1).(*array.String)
		for r := 0; r < sources.Len(); r++ {
			if sources.Value(r) != origin {
				t.Errorf("row %d: %s %q, want %q", r, canonical.SourceColumn, sources.Value(r), origin)
			}
		}
		kept = append(kept, rowsOf(t, table, out)...)
		out.Release()
	}
	return kept, q.got, c.Counts()
}

// diff reports got and want side by side when they differ.
func diff[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %s\n want %s", what, show(got), show(want))
	}
}

// show prints slices one element a line, maps with sorted keys.
func show(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.String {
		var b strings.Builder
		fmt.Fprintf(&b, "%d items", rv.Len())
		for i := 0; i < rv.Len(); i++ {
			fmt.Fprintf(&b, "\n   [%d] %+v", i, rv.Index(i).Interface())
		}
		return b.String()
	}
	return fmt.Sprintf("%#v", v)
}

// lines lists the _line of each row.
func lines(rows []typed) []int64 {
	out := []int64{}
	for _, r := range rows {
		out = append(out, r[canonical.LineColumn].(int64))
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// unsafeString views b as a string without copying, as Arrow's String.Value
// views its buffer.
func unsafeString(b []byte) string { return unsafe.String(&b[0], len(b)) }

// checkedConformer is one Conformer fed batch by batch, for tests that
// change the origin between batches.
type checkedConformer struct {
	t     *testing.T
	mem   *memory.CheckedAllocator
	table *canonical.Table
	c     *Conformer
	ids   *recordIDs
}

func newCheckedConformer(t *testing.T, table *canonical.Table) *checkedConformer {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	return &checkedConformer{t: t, mem: mem, table: table, c: NewConformer(mem, table, defaults(t, table, Options{}))}
}

// conform runs one batch and returns its rejections, record ids read
// back from their pseudonyms (see recordIDs).
func (cc *checkedConformer) conform(origin string, rows []raw) []canonical.Rejection {
	cc.t.Helper()
	if cc.ids == nil {
		cc.ids = newRecordIDs(cc.t, cc.table, nil)
	}
	cc.ids.add(rows)
	in := rawBatch(cc.mem, cc.table, rows)
	defer in.Release()
	q := &quarantine{}
	out, err := cc.c.Conform(in, origin, q)
	if err != nil {
		cc.t.Fatal(err)
	}
	out.Release()
	return cc.ids.rejections(q.got)
}

func (cc *checkedConformer) done() {
	cc.c.Release()
	cc.mem.AssertSize(cc.t, 0)
}

// recordIDs reads record pseudonyms back as the ids they were made from, so
// the tests of rules can spell a key as the source does ("H1"): every value
// of the rows given is a candidate, in each record domain of the table.
// Person and staff pseudonyms are left as they are (the tests spell those
// as pseudonyms), and so is a token no candidate gives, so an id in the
// wrong domain still shows.
type recordIDs struct {
	p       *Pseudonymiser
	domains []canonical.Identifier
	raw     map[string]string // pseudonym → the id, as the quarantine would show it in clear
}

func newRecordIDs(t *testing.T, table *canonical.Table, p *Pseudonymiser) *recordIDs {
	t.Helper()
	if p == nil {
		p = mustPseudonymiser(t, testKey)
	}
	ids := &recordIDs{p: p, raw: map[string]string{}}
	for _, col := range table.Columns {
		if d := col.ID; d != canonical.NotIdentifying && d != canonical.PersonID && d != canonical.StaffID && !slices.Contains(ids.domains, d) {
			ids.domains = append(ids.domains, d)
		}
	}
	return ids
}

func (ids *recordIDs) add(rows []raw) {
	for _, r := range rows {
		for _, v := range r.vals {
			v = strings.TrimSpace(v)
			for _, d := range ids.domains {
				ids.raw[ids.p.Pseudonym(d, v)] = canonical.ValidText(v)
			}
		}
	}
}

var pseudonymToken = regexp.MustCompile(`\b[0-9a-f]{32}\b`)

func (ids *recordIDs) reveal(s string) string {
	return pseudonymToken.ReplaceAllStringFunc(s, func(tok string) string {
		if id, ok := ids.raw[tok]; ok {
			return id
		}
		return tok
	})
}

func (ids *recordIDs) rows(rows []typed) []typed {
	for _, row := range rows {
		for col, v := range row {
			if s, ok := v.(string); ok {
				row[col] = ids.reveal(s)
			}
		}
	}
	return rows
}

func (ids *recordIDs) rejections(rs []canonical.Rejection) []canonical.Rejection {
	for i := range rs {
		rs[i].Key, rs[i].Value, rs[i].Message = ids.reveal(rs[i].Key), ids.reveal(rs[i].Value), ids.reveal(rs[i].Message)
	}
	return rs
}
