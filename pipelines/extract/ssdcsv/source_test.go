package ssdcsv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
)

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

// row is one raw row as read: canonical column → text, nulls left out.
type row struct {
	Line int64
	Vals map[string]string
}

func (r row) String() string { return fmt.Sprintf("line %d %v", r.Line, r.Vals) }

// result is everything reading one table gave.
type result struct {
	rows       []row
	batchSizes []int
	rejected   []canonical.Rejection
	origin     string
	sourceCols map[string]string
}

// read writes files into a fresh folder, opens table from it and reads
// every batch, with a checked allocator.
func read(t *testing.T, files map[string]string, tableName string, opts Options) (result, error) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts.Dir = dir
	return readDir(t, context.Background(), tableName, opts)
}

func readDir(t *testing.T, ctx context.Context, tableName string, opts Options) (result, error) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	table, err := canonical.Lookup(tableName)
	if err != nil {
		t.Fatal(err)
	}
	src, err := New(mem, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	q := &quarantine{}
	reader, err := src.Open(ctx, table, q)
	if err != nil {
		return result{rejected: q.got}, err
	}
	defer reader.Release()
	if !reader.Schema().Equal(table.RawSchema()) {
		t.Errorf("schema %v, want the raw schema %v", reader.Schema(), table.RawSchema())
	}
	res := result{origin: reader.Origin(), sourceCols: reader.SourceColumns()}
	for reader.Next() {
		rec := reader.RecordBatch()
		if !rec.Schema().Equal(table.RawSchema()) {
			t.Errorf("batch schema %v, want the raw schema", rec.Schema())
		}
		res.batchSizes = append(res.batchSizes, int(rec.NumRows()))
		lines := rec.Column(len(table.Columns)).(*array.Int64)
		for r := 0; r < int(rec.NumRows()); r++ {
			vals := map[string]string{}
			for i, col := range table.Columns {
				a := rec.Column(i).(*array.String)
				if !a.IsNull(r) {
					vals[col.Name] = a.Value(r)
				}
			}
			res.rows = append(res.rows, row{Line: lines.Value(r), Vals: vals})
		}
	}
	res.rejected = q.got
	return res, reader.Err()
}

func diff[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %v\n want %v", what, got, want)
	}
}

func TestReadPerson(t *testing.T) {
	tests := []struct {
		name string
		file string // ssd_person.csv
		want []row
	}{
		{
			name: "plain",
			file: "pers_person_id,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_death_date,pers_upn\n" +
				"1,M,Male,WBRI,2010-01-02,,A1\n" +
				"2,F,,,2011-03-04,,\n",
			want: []row{
				{2, map[string]string{"person_id": "1", "sex": "M", "gender": "Male", "ethnicity": "WBRI", "dob": "2010-01-02", "death_date": "", "upn": "A1"}},
				{3, map[string]string{"person_id": "2", "sex": "F", "gender": "", "ethnicity": "", "dob": "2011-03-04", "death_date": "", "upn": ""}},
			},
		},
		{
			name: "byte-order mark and CRLF",
			file: "\ufeffpers_person_id,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_death_date,pers_upn\r\n" +
				"1,M,Male,WBRI,2010-01-02,,A1\r\n" +
				"2,F,,,2011-03-04,,\r\n",
			want: []row{
				{2, map[string]string{"person_id": "1", "sex": "M", "gender": "Male", "ethnicity": "WBRI", "dob": "2010-01-02", "death_date": "", "upn": "A1"}},
				{3, map[string]string{"person_id": "2", "sex": "F", "gender": "", "ethnicity": "", "dob": "2011-03-04", "death_date": "", "upn": ""}},
			},
		},
		{
			name: "header case and spaces, any order, extra columns",
			file: "Pers_Forename, PERS_DOB ,pers_postcode,PERS_PERSON_ID,Pers_Sex,pers_gender,pers_ethnicity,pers_death_date,Pers_UPN\n" +
				"Alice,2010-01-02,AB1 2CD,1,F,Female,WBRI,,A1\n",
			want: []row{
				{2, map[string]string{"person_id": "1", "sex": "F", "gender": "Female", "ethnicity": "WBRI", "dob": "2010-01-02", "death_date": "", "upn": "A1"}},
			},
		},
		{
			name: "missing extension column is null",
			file: "pers_person_id,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_death_date\n" +
				"1,M,,,2010-01-02,\n",
			want: []row{
				{2, map[string]string{"person_id": "1", "sex": "M", "gender": "", "ethnicity": "", "dob": "2010-01-02", "death_date": ""}},
			},
		},
		{
			name: "quoted fields, one over three lines, and blank lines",
			file: "pers_person_id,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_death_date,pers_upn\n" +
				"1,M,\"Male, he\",WBRI,2010-01-02,,\n" +
				"\n" +
				"2,F,\"line one\nline two\nline \"\"three\"\"\",,2011-03-04,,\n" +
				"3,U,,,2012-05-06,,\n",
			want: []row{
				{2, map[string]string{"person_id": "1", "sex": "M", "gender": "Male, he", "ethnicity": "WBRI", "dob": "2010-01-02", "death_date": "", "upn": ""}},
				{4, map[string]string{"person_id": "2", "sex": "F", "gender": "line one\nline two\nline \"three\"", "ethnicity": "", "dob": "2011-03-04", "death_date": "", "upn": ""}},
				{7, map[string]string{"person_id": "3", "sex": "U", "gender": "", "ethnicity": "", "dob": "2012-05-06", "death_date": "", "upn": ""}},
			},
		},
		{
			name: "header only",
			file: "pers_person_id,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_death_date,pers_upn\n",
			want: nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := read(t, map[string]string{"ssd_person.csv": tc.file}, "person", Options{})
			if err != nil {
				t.Fatal(err)
			}
			diff(t, "rows", res.rows, tc.want)
			if len(res.rejected) != 0 {
				t.Errorf("rejected %v", res.rejected)
			}
			if res.origin != "ssd_person.csv" {
				t.Errorf("origin %q", res.origin)
			}
		})
	}
}

// TestMalformedRows quarantines records that do not split into the
// header's columns, with their line, and keeps every other row.
func TestMalformedRows(t *testing.T) {
	const header = "pers_person_id,pers_dob,pers_sex,pers_gender,pers_ethnicity,pers_death_date\n"
	tests := []struct {
		name     string
		file     string
		wantRows []int64 // lines kept
		want     []canonical.Rejection
	}{
		{
			name: "too many and too few fields",
			file: header +
				"1,2010-01-01,M,,,\n" +
				"2,2010-01-01,M,,,,extra\n" +
				"3,2010-01-01\n" +
				"4,2010-01-01,F,,,\n",
			wantRows: []int64{2, 5},
			want: []canonical.Rejection{
				{Table: "person", Source: "ssd_person.csv", Line: 3, Rule: RuleMalformedRow,
					Message: "ssd_person.csv line 3: has 7 fields, the header has 6"},
				{Table: "person", Source: "ssd_person.csv", Line: 4, Rule: RuleMalformedRow,
					Message: "ssd_person.csv line 4: has 2 fields, the header has 6"},
			},
		},
		{
			name: "short record after a multi-line one",
			file: header +
				"1,2010-01-01,M,\"two\nlines\",,\n" +
				"2,2010-01-01,M,\"three\nmore\nlines\"\n" +
				"3,2010-01-01,F,,,\n",
			wantRows: []int64{2, 7},
			want: []canonical.Rejection{
				{Table: "person", Source: "ssd_person.csv", Line: 4, Rule: RuleMalformedRow,
					Message: "ssd_person.csv line 4: a record running over several lines (a quoted field) with 4 fields, the header has 6; lines 4–6 set aside, reading resumed at line 7, the next line that reads as a record of 6 fields"},
			},
		},
		{
			name: "unbalanced quote in the middle: only its record is lost",
			file: header +
				"1,2010-01-01,M,,,\n" +
				"2,2010-01-01,M,\"never closed,,\n" +
				"3,2010-01-01,F,,,\n" +
				"4,2010-01-01,F,\"Smith, J\",,\n" +
				"5,2010-01-01,F,,,\n",
			wantRows: []int64{2, 4, 5, 6},
			want: []canonical.Rejection{
				{Table: "person", Source: "ssd_person.csv", Line: 3, Rule: RuleMalformedRow,
					Message: `ssd_person.csv line 3: a quoted field that does not end as CSV requires (line 5, column 16: extraneous or missing " in quoted-field: an unbalanced quote?); line 3 set aside, reading resumed at line 4, the next line that reads as a record of 6 fields`},
			},
		},
		{
			name: "bare quote in a later field",
			file: header +
				"1,2010-01-01,M,,,\n" +
				"2,2010-01-01,M,5\" tall,,\n" +
				"3,2010-01-01,F,,,\n",
			wantRows: []int64{2, 4},
			want: []canonical.Rejection{
				{Table: "person", Source: "ssd_person.csv", Line: 3, Rule: RuleMalformedRow,
					Message: "ssd_person.csv line 3: bare \" in non-quoted-field"},
			},
		},
		{
			name: "unterminated quote at the end",
			file: header +
				"1,2010-01-01,M,,,\n" +
				"2,2010-01-01,M,\"never closed,,\n",
			wantRows: []int64{2},
			want: []canonical.Rejection{
				{Table: "person", Source: "ssd_person.csv", Line: 3, Rule: RuleMalformedRow,
					Message: "ssd_person.csv line 3: extraneous or missing \" in quoted-field"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := read(t, map[string]string{"ssd_person.csv": tc.file}, "person", Options{})
			if err != nil {
				t.Fatal(err)
			}
			var lines []int64
			for _, r := range res.rows {
				lines = append(lines, r.Line)
			}
			diff(t, "lines kept", lines, tc.wantRows)
			diff(t, "rejected", res.rejected, tc.want)
		})
	}
}

// TestMalformedFirstField: a parse error in a record's first field is a
// malformed row like any other.
func TestMalformedFirstField(t *testing.T) {
	const header = "pers_person_id,pers_dob,pers_sex,pers_gender,pers_ethnicity,pers_death_date\n"
	for _, bad := range []string{`5" tall,2010-01-01,M,,,`, `"a"b,2010-01-01,M,,,`} {
		res, err := read(t, map[string]string{"ssd_person.csv": header + "1,2010-01-01,M,,,\n" + bad + "\n3,2010-01-01,F,,,\n"}, "person", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.rows) != 2 || len(res.rejected) != 1 || res.rejected[0].Line != 3 || res.rejected[0].Rule != RuleMalformedRow {
			t.Errorf("%s: rows %v, rejected %v; want lines 2 and 4 kept, line 3 quarantined", bad, res.rows, res.rejected)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	const person = "pers_person_id,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_death_date\n1,M,,,2010-01-01,\n"
	tests := []struct {
		name  string
		files map[string]string
		table string
		opts  Options
		want  []string // all in the error
	}{
		{
			name:  "missing file",
			files: map[string]string{"ssd_person.csv": person},
			table: "cla_episodes",
			want:  []string{"table cla_episodes", "no file ssd_cla_episodes.csv in "},
		},
		{
			name:  "empty file",
			files: map[string]string{"ssd_person.csv": ""},
			table: "person",
			want:  []string{"ssd_person.csv", "file is empty"},
		},
		{
			name:  "byte-order mark only",
			files: map[string]string{"ssd_person.csv": "\ufeff"},
			table: "person",
			want:  []string{"ssd_person.csv", "file is empty"},
		},
		{
			name:  "missing required column",
			files: map[string]string{"ssd_person.csv": "pers_person_id,pers_sex,pers_gender,pers_ethnicity,pers_death_date\n1,M,,,\n"},
			table: "person",
			want:  []string{"ssd_person.csv", "table person", "lacks column(s) pers_dob"},
		},
		{
			name:  "several missing columns, all named",
			files: map[string]string{"ssd_person.csv": "pers_person_id,pers_gender\n1,\n"},
			table: "person",
			want:  []string{"ssd_person.csv", "pers_sex, pers_ethnicity, pers_dob, pers_death_date"},
		},
		{
			name:  "overridden column missing",
			files: map[string]string{"ssd_person.csv": person},
			table: "person",
			opts:  Options{Columns: map[string]map[string]string{"person": {"dob": "date_of_birth"}}},
			want:  []string{"ssd_person.csv", "date_of_birth"},
		},
		{
			name: "column twice, matched as headers are: ignoring case and spaces, after a byte-order mark",
			files: map[string]string{"ssd_person.csv": "\ufeffpers_person_id,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_death_date, PERS_DOB \n" +
				"1,M,,,2010-01-01,,1999-01-01\n"},
			table: "person",
			want:  []string{"ssd_person.csv line 1 (table person): column PERS_DOB appears twice (columns 5 and 7)"},
		},
		{
			name:  "every column twice is named, read or not",
			files: map[string]string{"ssd_person.csv": "pers_person_id,address,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_death_date,Address,pers_person_id\n"},
			table: "person",
			want:  []string{"column Address appears twice (columns 2 and 8); column pers_person_id appears twice (columns 1 and 9)"},
		},
		{
			name:  "broken header",
			files: map[string]string{"ssd_person.csv": "pers_person_id,\"pers_dob\n"},
			table: "person",
			want:  []string{"ssd_person.csv line 1", "reading header"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := read(t, tc.files, tc.table, tc.opts)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.csv")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Join(dir, "missing"), file} {
		if _, err := New(memory.NewGoAllocator(), Options{Dir: d}); err == nil || !strings.Contains(err.Error(), "opening SSD CSV folder") {
			t.Errorf("New(%s): err = %v", d, err)
		}
	}
}

// TestFileNameCase finds a file whatever the case of its name, and names
// it as it is on disk.
func TestFileNameCase(t *testing.T) {
	res, err := read(t, map[string]string{"SSD_Person.CSV": "pers_person_id,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_death_date\n1,M,,,2010-01-01,\n"},
		"person", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.origin != "SSD_Person.CSV" || len(res.rows) != 1 {
		t.Errorf("origin %q, rows %v", res.origin, res.rows)
	}
}

// TestColumnOverrides reads a canonical column from the column the config
// names instead, including one the SSD lacks (a derived column), and
// reports the columns read.
func TestColumnOverrides(t *testing.T) {
	files := map[string]string{
		"ssd_cla_reviews.csv": "clar_cla_review_id,clar_cla_episode_id,clar_cla_id,clar_cla_review_due_date,clar_review_dt,clar_cla_review_participation,clar_person_id,clar_cla_review_date\n" +
			"R1,E1,C1,2024-01-10,2024-01-09,PN1,P1,1999-01-01\n",
	}
	opts := Options{Columns: map[string]map[string]string{
		"cla_reviews": {"review_date": "CLAR_REVIEW_DT", "person_id": "clar_person_id"},
		"person":      {"dob": "nothing_to_do_with_reviews"},
	}}
	res, err := read(t, files, "cla_reviews", opts)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "rows", res.rows, []row{{2, map[string]string{
		"review_id": "R1", "person_id": "P1", "episode_id": "E1", "cla_id": "C1", "due_date": "2024-01-10",
		"review_date": "2024-01-09", "participation": "PN1"}}})
	diff(t, "source columns", res.sourceCols, map[string]string{
		"review_id": "clar_cla_review_id", "person_id": "clar_person_id", "episode_id": "clar_cla_episode_id",
		"cla_id": "clar_cla_id", "due_date": "clar_cla_review_due_date", "review_date": "CLAR_REVIEW_DT",
		"cancelled": "clar_cla_review_cancelled", "participation": "clar_cla_review_participation",
		"iro_id": "clar_cla_review_iro_id",
	})
}

// TestBatchRows splits a file into batches of at most BatchRows rows;
// quarantined rows do not count towards a batch.
func TestBatchRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("clav_cla_visit_id,clav_cla_episode_id,clav_cla_id,clav_cla_visit_date,clav_cla_visit_seen,clav_cla_visit_seen_alone\n")
	var wantLines []int64
	for i := 1; i <= 7; i++ {
		fmt.Fprintf(&b, "V%d,E,C,2024-01-0%d,Y,N\n", i, i)
		wantLines = append(wantLines, int64(i+1))
		if i == 3 {
			b.WriteString("broken\n")
		}
	}
	for i, w := range wantLines {
		if i >= 3 {
			wantLines[i] = w + 1
		}
	}
	tests := []struct {
		batchRows int
		want      []int
	}{
		{1, []int{1, 1, 1, 1, 1, 1, 1}},
		{3, []int{3, 3, 1}},
		{7, []int{7}},
		{0, []int{7}}, // the default
		{100, []int{7}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.batchRows), func(t *testing.T) {
			res, err := read(t, map[string]string{"ssd_cla_visits.csv": b.String()}, "cla_visits", Options{BatchRows: tc.batchRows})
			if err != nil {
				t.Fatal(err)
			}
			diff(t, "batch sizes", res.batchSizes, tc.want)
			var lines []int64
			for _, r := range res.rows {
				lines = append(lines, r.Line)
			}
			diff(t, "lines", lines, wantLines)
			if len(res.rejected) != 1 || res.rejected[0].Line != 5 {
				t.Errorf("rejected %v, want line 5", res.rejected)
			}
		})
	}
}

// TestCancelled stops reading when the context is cancelled.
func TestCancelled(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ssd_person.csv"),
		[]byte("pers_person_id,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_death_date\n1,M,,,2010-01-01,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := readDir(t, ctx, "person", Options{Dir: dir})
	if !errors.Is(err, context.Canceled) || len(res.rows) != 0 {
		t.Errorf("rows %v, err %v; want none and context.Canceled", res.rows, err)
	}
}

type refusingQuarantine struct{}

func (refusingQuarantine) Reject(canonical.Rejection) error { return errors.New("quarantine full") }

// TestQuarantineError stops reading with the quarantine's error.
func TestQuarantineError(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ssd_person.csv"),
		[]byte("pers_person_id,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_death_date\n1,M\n2,M,,,2010-01-01,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := New(mem, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	table, _ := canonical.Lookup("person")
	reader, err := src.Open(context.Background(), table, refusingQuarantine{})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Release()
	if reader.Next() {
		t.Errorf("Next returned a batch after the quarantine failed")
	}
	if err := reader.Err(); err == nil || !strings.Contains(err.Error(), "quarantine full") {
		t.Errorf("Err() = %v", err)
	}
}

// TestRetainRelease keeps the reader open until the last Release.
func TestRetainRelease(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ssd_person.csv"),
		[]byte("pers_person_id,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_death_date\n1,M,,,2010-01-01,\n2,F,,,2010-01-01,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := New(mem, Options{Dir: dir, BatchRows: 1})
	if err != nil {
		t.Fatal(err)
	}
	table, _ := canonical.Lookup("person")
	reader, err := src.Open(context.Background(), table, &quarantine{})
	if err != nil {
		t.Fatal(err)
	}
	reader.Retain()
	if !reader.Next() {
		t.Fatal("no first batch")
	}
	reader.Release()
	if !reader.Next() || reader.RecordBatch().NumRows() != 1 {
		t.Fatalf("reader stopped after one Release of two: %v", reader.Err())
	}
	reader.Release()
}

// TestSemicolonDelimitedFile: a file exported with semicolons is refused
// with a message saying so, not a list of every missing column.
func TestSemicolonDelimitedFile(t *testing.T) {
	_, err := read(t, map[string]string{"ssd_legal_status.csv": "lega_legal_status_id;lega_person_id;lega_legal_status;" +
		"lega_legal_status_start_date;lega_legal_status_end_date\nL1;P1;C2;2024-01-01;\n"}, "legal_status", Options{})
	if err == nil || !strings.Contains(err.Error(), "ssd_legal_status.csv line 1") || !strings.Contains(err.Error(), "semicolon") {
		t.Errorf("err = %v, want it to name the file, line 1 and semicolons", err)
	}
}

// TestUnusedColumnsWarned: columns carewh does not read (names, postcodes,
// unknown extras) are ignored, and the log says which.
func TestUnusedColumnsWarned(t *testing.T) {
	var logged strings.Builder
	res, err := read(t, map[string]string{"ssd_legal_status.csv": "lega_legal_status_id,lega_person_id,lega_legal_status," +
		"lega_legal_status_start_date,lega_legal_status_end_date,lega_notes,Postcode\nL1,P1,C2,2024-01-01,,x,PR1 2AB\n"},
		"legal_status", Options{Log: slog.New(slog.NewTextHandler(&logged, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.rows) != 1 {
		t.Errorf("rows = %v, want the one row", res.rows)
	}
	if !strings.Contains(logged.String(), "level=WARN") || !strings.Contains(logged.String(), "lega_notes, Postcode") {
		t.Errorf("log = %q, want a warning naming lega_notes and Postcode", logged.String())
	}
}

// TestPublishedUnreadColumnsNotWarned: published SSD columns carewh reads
// on purpose not (a name, a postcode) are logged as expected, not warned
// about; an unknown column beside them still is.
func TestPublishedUnreadColumnsNotWarned(t *testing.T) {
	var logged strings.Builder
	res, err := read(t, map[string]string{"ssd_professionals.csv": "prof_professional_id,prof_professional_job_title,prof_professional_department," +
		"prof_full_time_equivalency,prof_professional_name,prof_staff_id,prof_team_nmae\nW1,IRO,North,1,Ann Example,S1,North\n"},
		"professionals", Options{Log: slog.New(slog.NewTextHandler(&logged, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.rows) != 1 {
		t.Errorf("rows = %v, want the one row", res.rows)
	}
	var info, warn string
	for _, line := range strings.Split(logged.String(), "\n") {
		switch {
		case strings.Contains(line, "level=INFO"):
			info += line
		case strings.Contains(line, "level=WARN"):
			warn += line
		}
	}
	if !strings.Contains(info, "prof_professional_name, prof_staff_id") || strings.Contains(warn, "prof_professional_name") {
		t.Errorf("log = %q, want the published columns at INFO only", logged.String())
	}
	if !strings.Contains(warn, "prof_team_nmae") {
		t.Errorf("log = %q, want a warning naming the unknown prof_team_nmae", logged.String())
	}
}
