package csvrecords

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// output is one thing Read returned: a record, a parse error or a Broken.
type output struct {
	Line   int
	Fields []string
	Err    string
	Broken *Broken
}

func readAll(t *testing.T, in string, recoverWidth bool) []output {
	t.Helper()
	r := NewReader(strings.NewReader(in), ',')
	var out []output
	for {
		fields, line, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		var b *Broken
		switch {
		case errors.As(err, &b):
			out = append(out, output{Line: line, Broken: b, Err: err.Error()})
		case err != nil:
			out = append(out, output{Line: line, Err: err.Error()})
		default:
			o := output{Line: line}
			for _, f := range fields {
				o.Fields = append(o.Fields, string(f))
			}
			out = append(out, o)
			if recoverWidth && len(out) == 1 {
				r.Recover(len(fields))
			}
		}
	}
}

// fiftyLines is a 50-line file (header and 49 records), some with quoted
// fields holding commas and one with a field over two lines.
func fiftyLines(change map[int]string) string {
	var b strings.Builder
	b.WriteString("id,name,date\n")
	for line := 2; line <= 50; line++ {
		if s, ok := change[line]; ok {
			b.WriteString(s + "\n")
			continue
		}
		switch {
		case line%7 == 0:
			fmt.Fprintf(&b, "R%d,\"Smith, J %d\",2024-01-01\n", line, line)
		default:
			fmt.Fprintf(&b, "R%d,plain %d,2024-01-01\n", line, line)
		}
	}
	return b.String()
}

func recordLines(out []output) (records []int, broken []*Broken) {
	for _, o := range out {
		switch {
		case o.Broken != nil:
			broken = append(broken, o.Broken)
		case o.Err == "":
			records = append(records, o.Line)
		}
	}
	return records, broken
}

func linesExcept(from, to int, except ...int) []int {
	var out []int
	for l := from; l <= to; l++ {
		skip := false
		for _, e := range except {
			skip = skip || e == l
		}
		if !skip {
			out = append(out, l)
		}
	}
	return out
}

// TestRecover: an unbalanced quote costs its record only, whatever
// follows; the Broken says which lines were set aside and where reading
// resumed.
func TestRecover(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		records []int
		broken  []Broken
		msg     string
	}{
		{
			name: "unbalanced quote, closed by a later quoted field",
			in:   fiftyLines(map[int]string{25: `R25,"never closed,2024-01-01`}),
			// The quote runs on to line 28's "Smith, which then breaks.
			records: linesExcept(1, 50, 25),
			broken:  []Broken{{First: 25, Last: 25, Resume: 26, Width: 3}},
			msg:     `a quoted field that does not end as CSV requires (line 28, column 5: extraneous or missing " in quoted-field: an unbalanced quote?); line 25 set aside, reading resumed at line 26, the next line that reads as a record of 3 fields`,
		},
		{
			name: "unbalanced quote with no quote after it",
			in: strings.NewReplacer(`"Smith, J `, `Smith J `, `",2024`, `,2024`).
				Replace(fiftyLines(map[int]string{25: `R25,"never closed,2024-01-01`})),
			records: linesExcept(1, 50, 25),
			broken:  []Broken{{First: 25, Last: 25, Resume: 26, Width: 3}},
		},
		{
			name:    "lines of the wrong width after the quote go with it",
			in:      fiftyLines(map[int]string{10: `R10,"never closed,2024-01-01`, 11: "junk", 12: "more,junk"}),
			records: linesExcept(1, 50, 10, 11, 12),
			broken:  []Broken{{First: 10, Last: 12, Resume: 13, Width: 3}},
			msg:     `a quoted field that does not end as CSV requires (line 14, column 5: extraneous or missing " in quoted-field: an unbalanced quote?); lines 10–12 set aside, reading resumed at line 13, the next line that reads as a record of 3 fields`,
		},
		{
			name: "a good record over two lines is not lost, nor the one after a broken one",
			in: fiftyLines(map[int]string{20: `R20,"two`, 21: `lines",2024-01-01`,
				30: `R30,"wrong width`, 31: `over lines"`, 32: `R32,"and a good one`, 33: `after it",2024-01-01`}),
			records: linesExcept(1, 50, 21, 30, 31, 33),
			broken:  []Broken{{First: 30, Last: 31, Resume: 32, Fields: 2, Width: 3}},
			msg:     "a record running over several lines (a quoted field) with 2 fields, the header has 3; lines 30–31 set aside, reading resumed at line 32, the next line that reads as a record of 3 fields",
		},
		{
			name:    "nothing to resume at",
			in:      "a,b,c\n1,2,3\n4,\"5\nx\ny\n",
			records: []int{1, 2},
			broken:  []Broken{{First: 3, Last: 5, Width: 3}},
			msg:     `a quoted field that does not end as CSV requires (line 5, column 3: extraneous or missing " in quoted-field: an unbalanced quote?); lines 3–5 set aside, to the end of the file: no later line reads as a record of 3 fields`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := readAll(t, tc.in, true)
			records, broken := recordLines(out)
			if !reflect.DeepEqual(records, tc.records) {
				t.Errorf("records at lines %v, want %v", records, tc.records)
			}
			var got []Broken
			for _, b := range broken {
				c := *b
				c.Err = nil
				got = append(got, c)
			}
			if !reflect.DeepEqual(got, tc.broken) {
				t.Errorf("broken %+v, want %+v", got, tc.broken)
			}
			if tc.msg != "" && len(broken) > 0 && broken[0].Error() != tc.msg {
				t.Errorf("message\n%s\nwant\n%s", broken[0].Error(), tc.msg)
			}
			checkRecovery(t, tc.in)
		})
	}
}

// TestRecoverOneLine: a fault on one line costs that line, and is reported
// as encoding/csv reports it, with or without Recover.
func TestRecoverOneLine(t *testing.T) {
	in := "a,b\n1,x\"y\n\"1\"x,2\n3,4\n5,\"open"
	with, without := readAll(t, in, true), readAll(t, in, false)
	if !reflect.DeepEqual(with, without) {
		t.Errorf("with Recover %+v\nwithout %+v", with, without)
	}
	if len(with) != 5 || with[3].Line != 4 || with[4].Err == "" {
		t.Errorf("got %+v", with)
	}
}

// FuzzRecover: with Recover, what is read before the first Broken is what
// encoding/csv reads, the Broken carries encoding/csv's error for the
// record (or the record had the wrong width), reading resumes where it
// says, at a record of the right width, and lines only move forward.
func FuzzRecover(f *testing.F) {
	for _, in := range recordsCorpus {
		f.Add(in)
	}
	f.Add(fiftyLines(map[int]string{25: `R25,"never closed,2024-01-01`}))
	f.Add("a,b,c\n1,2,3\n4,\"5\nx\ny\n")
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 1<<16 {
			return
		}
		checkRecovery(t, in)
	})
}

func checkRecovery(t *testing.T, in string) {
	t.Helper()
	r := NewReader(strings.NewReader(in), ',')
	std := csv.NewReader(strings.NewReader(strings.TrimPrefix(in, "\ufeff")))
	std.FieldsPerRecord = -1
	header, _, err := r.Read()
	if err != nil {
		return
	}
	width := len(header)
	if _, err := std.Read(); err != nil {
		t.Fatalf("encoding/csv fails on the header %q: %v", in, err)
	}
	r.Recover(width)
	agree := true // no Broken yet: encoding/csv reads the same
	prev, resume := 1, 0
	for {
		fields, line, err := r.Read()
		if errors.Is(err, io.EOF) {
			if resume != 0 {
				t.Fatalf("%q: reading was to resume at line %d, but the file ended", in, resume)
			}
			if agree {
				if _, err := std.Read(); !errors.Is(err, io.EOF) {
					t.Fatalf("%q: ended where encoding/csv did not (%v)", in, err)
				}
			}
			return
		}
		if line <= prev {
			t.Fatalf("%q: line %d after line %d", in, line, prev)
		}
		prev = line
		if resume != 0 && (err != nil || line != resume || len(fields) != width) {
			t.Fatalf("%q: after a Broken resuming at %d, got line %d, %d fields, %v", in, resume, line, len(fields), err)
		}
		resume = 0
		var b *Broken
		if errors.As(err, &b) {
			if b.First != line || b.Last < b.First || (b.Resume != 0 && b.Resume <= b.Last) {
				t.Fatalf("%q: Broken at line %d: %+v", in, line, b)
			}
			if agree {
				rec, serr := std.Read()
				spos := 0
				if serr == nil {
					spos, _ = std.FieldPos(0)
				}
				switch {
				case b.Err != nil && (serr == nil || serr.Error() != b.Err.Error()):
					t.Fatalf("%q: Broken %v, encoding/csv %v", in, b.Err, serr)
				case b.Err == nil && (serr != nil || spos != line || len(rec) == width):
					t.Fatalf("%q: Broken (width %d) at %d, encoding/csv %d fields at %d (%v)", in, b.Fields, line, len(rec), spos, serr)
				}
				agree = false
			}
			resume = b.Resume
			if resume == 0 {
				if _, _, err := r.Read(); !errors.Is(err, io.EOF) {
					t.Fatalf("%q: a Broken to the end of the file, then %v", in, err)
				}
				return
			}
			continue
		}
		if !agree {
			continue
		}
		rec, serr := std.Read()
		if err != nil || serr != nil {
			if err == nil || serr == nil || err.Error() != serr.Error() {
				t.Fatalf("%q: line %d: %v, encoding/csv %v", in, line, err, serr)
			}
			continue
		}
		spos, _ := std.FieldPos(0)
		got := make([]string, len(fields))
		for i, f := range fields {
			got[i] = string(f)
		}
		if spos != line || !reflect.DeepEqual(got, rec) {
			t.Fatalf("%q: line %d %q, encoding/csv line %d %q", in, line, got, spos, rec)
		}
	}
}
