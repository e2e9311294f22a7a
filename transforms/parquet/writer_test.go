package parquet_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"carewh/canonical"
	"carewh/internal/atomicfile"
	lake "carewh/transforms/parquet"
)

// table has a column of every kind, required and optional.
var table = &canonical.Table{
	Name: "kinds", Key: "id",
	Columns: []canonical.Column{
		{Name: "id", Kind: canonical.Text, Required: true},
		{Name: "code", Kind: canonical.Code, Codes: "PN"},
		{Name: "day", Kind: canonical.Date, Required: true},
		{Name: "end_day", Kind: canonical.Date},
		{Name: "flag", Kind: canonical.Bool},
		{Name: "n", Kind: canonical.Int},
		{Name: "fte", Kind: canonical.Float},
		{Name: "plans", Kind: canonical.CodeList, Codes: "CARE_PLAN"},
	},
}

// wantSchema is the Parquet schema of table, as parquet-go prints it.
const wantSchema = `message schema {
	required binary id (STRING);
	optional binary code (STRING);
	required int32 day (DATE);
	optional int32 end_day (DATE);
	optional boolean flag;
	optional int64 n (INT(64,true));
	optional double fte;
	optional group plans (LIST) {
		repeated group list {
			optional binary element (STRING);
		}
	}
	required int64 _line (INT(64,true));
	required binary _source (STRING);
}`

// row is one row of table; nil pointers are nulls.
type row struct {
	id      string
	code    *string
	day     int32 // days since 1970-01-01
	endDay  *int32
	flag    *bool
	n       *int64
	fte     *float64
	plans   []string
	noPlans bool // plans is null rather than a (possibly empty) list
	line    int64
	source  string
}

func ptr[T any](v T) *T { return &v }

var batches = [][]row{
	{
		{id: "a", code: ptr("PN1"), day: 18000, endDay: ptr(int32(18010)), flag: ptr(true), n: ptr(int64(-3)), fte: ptr(0.5), plans: []string{"ADOPTION", "RETURN6M"}, line: 2, source: "kinds.csv"},
		{id: "b", day: -25567, noPlans: true, line: 3, source: "kinds.csv"},
		{id: "c", code: ptr(""), day: 0, flag: ptr(false), n: ptr(int64(1 << 40)), fte: ptr(1.0), plans: []string{}, line: 5, source: "kinds.csv"},
	},
	{}, // an empty batch writes nothing
	{
		{id: "d", code: ptr("PN7"), day: 20000, plans: []string{"OTHERPLN"}, line: 9, source: "kinds-2.csv"},
	},
}

func build(mem memory.Allocator, rows []row) arrow.RecordBatch {
	b := array.NewRecordBuilder(mem, table.Schema())
	defer b.Release()
	for _, r := range rows {
		b.Field(0).(*array.StringBuilder).Append(r.id)
		appendOpt(b.Field(1).(*array.StringBuilder), r.code)
		b.Field(2).(*array.Date32Builder).Append(arrow.Date32(r.day))
		if r.endDay != nil {
			b.Field(3).(*array.Date32Builder).Append(arrow.Date32(*r.endDay))
		} else {
			b.Field(3).AppendNull()
		}
		appendOpt(b.Field(4).(*array.BooleanBuilder), r.flag)
		appendOpt(b.Field(5).(*array.Int64Builder), r.n)
		appendOpt(b.Field(6).(*array.Float64Builder), r.fte)
		lb := b.Field(7).(*array.ListBuilder)
		if r.noPlans {
			lb.AppendNull()
		} else {
			lb.Append(true)
			for _, p := range r.plans {
				lb.ValueBuilder().(*array.StringBuilder).Append(p)
			}
		}
		b.Field(8).(*array.Int64Builder).Append(r.line)
		b.Field(9).(*array.StringBuilder).Append(r.source)
	}
	return b.NewRecordBatch()
}

func appendOpt[T any, B interface {
	Append(T)
	AppendNull()
}](b B, v *T) {
	if v == nil {
		b.AppendNull()
	} else {
		b.Append(*v)
	}
}

// want is a row as parquet-go reads it into a map.
func want(r row) map[string]any {
	m := map[string]any{"id": r.id, "day": int64(r.day), "_line": r.line, "_source": r.source,
		"code": nil, "end_day": nil, "flag": nil, "n": nil, "fte": nil, "plans": nil}
	if r.code != nil {
		m["code"] = *r.code
	}
	if r.endDay != nil {
		m["end_day"] = int64(*r.endDay)
	}
	if r.flag != nil {
		m["flag"] = *r.flag
	}
	if r.n != nil {
		m["n"] = *r.n
	}
	if r.fte != nil {
		m["fte"] = *r.fte
	}
	if !r.noPlans {
		plans := []any{}
		for _, p := range r.plans {
			plans = append(plans, p)
		}
		m["plans"] = plans
	}
	return m
}

// readBack reads every row of a Parquet file with parquet-go, widening
// integers to int64 so the comparison does not depend on physical types.
func readBack(t *testing.T, path string) (schema string, rows []map[string]any) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := pq.OpenFile(f, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	r := pq.NewReader(pf)
	defer r.Close()
	for {
		m := map[string]any{}
		if err := r.Read(&m); err != nil {
			break
		}
		for k, v := range m {
			if i, ok := v.(int32); ok {
				m[k] = int64(i)
			}
		}
		rows = append(rows, m)
	}
	if int64(len(rows)) != pf.NumRows() {
		t.Fatalf("read %d rows, file says %d", len(rows), pf.NumRows())
	}
	return pf.Schema().String(), rows
}

// files lists every file under dir, relative, sorted.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func write(t *testing.T, mem memory.Allocator, w *lake.Writer, rows []row) {
	t.Helper()
	rec := build(mem, rows)
	defer rec.Release()
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
}

// TestRoundTrip writes the batches with each constructor and reads them
// back: the lake's files (Create) zstd-compressed, a run's staged snapshots
// (CreateSnapshot) Snappy-compressed.
func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		create func(memory.Allocator, *arrow.Schema, string, string) (*lake.Writer, error)
		codec  format.CompressionCodec
	}{
		{"lake file", lake.Create, format.Zstd},
		{"staged snapshot", lake.CreateSnapshot, format.Snappy},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			root := t.TempDir()
			const rel = "kinds/run-1/part-0.parquet"
			w, err := tc.create(mem, table.Schema(), root, rel)
			if err != nil {
				t.Fatal(err)
			}
			var wantRows []map[string]any
			for _, b := range batches {
				write(t, mem, w, b)
				for _, r := range b {
					wantRows = append(wantRows, want(r))
				}
				if got := files(t, root); len(got) != 1 || !strings.HasPrefix(got[0], "kinds/run-1/.part-0.parquet.") || !atomicfile.IsTemp(path.Base(got[0])) {
					t.Errorf("while writing, files are %v; want only a hidden temporary file", got)
				}
			}
			file, err := w.Close()
			if err != nil {
				t.Fatal(err)
			}

			path := filepath.Join(root, rel)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(data)
			diff(t, "manifest entry", file, lake.File{Path: rel, Rows: 4, Bytes: int64(len(data)), SHA256: hex.EncodeToString(sum[:])})
			diff(t, "files after Close", files(t, root), []string{rel})

			schema, got := readBack(t, path)
			if schema != wantSchema {
				t.Errorf("schema:\n%s\nwant\n%s", schema, wantSchema)
			}
			diff(t, "rows", got, wantRows)
			diff(t, "codecs", codecs(t, path), []format.CompressionCodec{tc.codec})
		})
	}
}

// codecs lists the distinct compression codecs of a file's column chunks.
func codecs(t *testing.T, path string) []format.CompressionCodec {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := pq.OpenFile(f, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[format.CompressionCodec]bool{}
	var out []format.CompressionCodec
	for _, rg := range pf.Metadata().RowGroups {
		for _, c := range rg.Columns {
			if !seen[c.MetaData.Codec] {
				seen[c.MetaData.Codec] = true
				out = append(out, c.MetaData.Codec)
			}
		}
	}
	return out
}

// TestEmptyFile writes a valid file with no rows when no batch had any.
func TestEmptyFile(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	root := t.TempDir()
	w, err := lake.Create(mem, table.Schema(), root, "empty.parquet")
	if err != nil {
		t.Fatal(err)
	}
	write(t, mem, w, nil)
	file, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if file.Rows != 0 || file.Bytes == 0 {
		t.Errorf("manifest entry %+v", file)
	}
	schema, rows := readBack(t, filepath.Join(root, "empty.parquet"))
	if schema != wantSchema || len(rows) != 0 {
		t.Errorf("schema\n%s\nrows %v", schema, rows)
	}
}

// TestAbort leaves nothing behind: no temporary file, nothing at the
// final name, and an older file there untouched.
func TestAbort(t *testing.T) {
	tests := []struct {
		name  string
		old   bool // a file already at the final name
		write bool
	}{
		{"before any write", false, false},
		{"after writing", false, true},
		{"over an older file", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			root := t.TempDir()
			final := filepath.Join(root, "t", "f.parquet")
			var wantFiles []string
			if tc.old {
				if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(final, []byte("old"), 0o644); err != nil {
					t.Fatal(err)
				}
				wantFiles = []string{"t/f.parquet"}
			}
			w, err := lake.Create(mem, table.Schema(), root, "t/f.parquet")
			if err != nil {
				t.Fatal(err)
			}
			if tc.write {
				write(t, mem, w, batches[0])
			}
			w.Abort()
			w.Abort() // idempotent
			diff(t, "files after Abort", files(t, root), wantFiles)
			if tc.old {
				if b, _ := os.ReadFile(final); string(b) != "old" {
					t.Errorf("older file became %q", b)
				}
			}
			if _, err := w.Close(); err == nil {
				t.Errorf("Close after Abort succeeded")
			}
			diff(t, "files after Close", files(t, root), wantFiles)
		})
	}
}

// TestCloseReplaces renames over an older file at the final name, and
// Abort or Close after Close changes nothing.
func TestCloseReplaces(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	root := t.TempDir()
	final := filepath.Join(root, "f.parquet")
	if err := os.WriteFile(final, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := lake.Create(mem, table.Schema(), root, "f.parquet")
	if err != nil {
		t.Fatal(err)
	}
	write(t, mem, w, batches[2])
	file, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	w.Abort()
	if _, err := w.Close(); err == nil || !strings.Contains(err.Error(), "already closed") {
		t.Errorf("second Close: %v", err)
	}
	diff(t, "files", files(t, root), []string{"f.parquet"})
	info, err := os.Stat(final)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() != file.Bytes {
		t.Errorf("file is %d bytes, manifest says %d", info.Size(), file.Bytes)
	}
	_, rows := readBack(t, final)
	diff(t, "rows", rows, []map[string]any{want(batches[2][0])})
}

// TestCreateError fails, naming the folder, when it cannot be made.
func TestCreateError(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "blocker"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	w, err := lake.Create(mem, table.Schema(), root, "blocker/f.parquet")
	if err == nil {
		w.Abort()
		t.Fatal("Create under a file succeeded")
	}
	if !strings.Contains(err.Error(), "creating lake folder") || !strings.Contains(err.Error(), "blocker") {
		t.Errorf("err = %v", err)
	}
}

func diff[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %s\n want %s", what, show(got), show(want))
	}
}

func show(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice {
		var b strings.Builder
		for i := 0; i < rv.Len(); i++ {
			fmt.Fprintf(&b, "\n   %#v", rv.Index(i).Interface())
		}
		return b.String()
	}
	return fmt.Sprintf("%+v", v)
}
