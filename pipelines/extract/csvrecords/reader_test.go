package csvrecords

import (
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// recordsCorpus are the CSV shapes Reader must split exactly as
// encoding/csv does; FuzzReader and FuzzRecover start from them.
var recordsCorpus = []string{
	"a,b,c\n1,2,3\n",
	"a,b,c\r\n1,2,3\r\n",
	"a,b\n1,2",
	"a,b\n1,2\r",
	"a,b,\n,,\n",
	"\n\na,b\n\r\n\n1,2\n\n",
	"a\n\"x,y\",\"he said \"\"hi\"\"\"\n",
	"a,b\n\"line one\nline two\r\nline three\",2\n3,4\n",
	"a,b\n1,x\"y\n3,4\n",
	"a,b\n\"1\"x,2\n3,4\n",
	"a,b\n\"unterminated,2\n3,4\n",
	"a,b\n\"unterminated",
	"a,b\n\"",
	"a,b\n1,\"\"\n",
	"a,b\n\"\",\n",
	"\ufeffa,b\n1,2\n",
	"a,b\n1,\"2\"\r\n",
	"a,b\n1,\"2\"\r",
	"a,b\n\"x\"\"",
	"a,\"b\nc\"\"\nd\",e\nf,g\n",
	"a\n\r\n\r",
	"\r",
	"",
	"0\n\"\n\r",
}

func TestReaderSplitsAsEncodingCSV(t *testing.T) {
	for _, in := range recordsCorpus {
		compareWithEncodingCSV(t, in, ',')
		compareWithEncodingCSV(t, strings.ReplaceAll(in, ",", ";"), ';')
	}
	// A line longer than the read buffer.
	long := strings.Repeat("x", 3<<20)
	compareWithEncodingCSV(t, "a,b\n"+long+",\""+long+"\"\n1,2\n", ',')
}

// FuzzReader: without Recover, records and errors are encoding/csv's, all
// the way through.
func FuzzReader(f *testing.F) {
	for _, in := range recordsCorpus {
		f.Add(in, false)
	}
	f.Fuzz(func(t *testing.T, in string, semicolon bool) {
		if len(in) > 1<<16 {
			return
		}
		if semicolon {
			compareWithEncodingCSV(t, in, ';')
		} else {
			compareWithEncodingCSV(t, in, ',')
		}
	})
}

type splitRecord struct {
	Fields []string
	Line   int
	Err    string
}

func compareWithEncodingCSV(t *testing.T, in string, comma byte) {
	t.Helper()
	var want []splitRecord
	std := csv.NewReader(strings.NewReader(strings.TrimPrefix(in, "\ufeff")))
	std.FieldsPerRecord = -1
	std.Comma = rune(comma)
	for {
		rec, err := std.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			want = append(want, splitRecord{Err: err.Error()})
			continue
		}
		line, _ := std.FieldPos(0)
		want = append(want, splitRecord{Fields: rec, Line: line})
	}
	var got []splitRecord
	r := NewReader(strings.NewReader(in), comma)
	for {
		fields, line, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			got = append(got, splitRecord{Err: err.Error()})
			continue
		}
		rec := make([]string, len(fields))
		for i, f := range fields {
			rec[i] = string(f)
		}
		got = append(got, splitRecord{Fields: rec, Line: line})
	}
	if !reflect.DeepEqual(got, want) {
		shown := in
		if len(shown) > 200 {
			shown = shown[:200] + "…"
		}
		t.Errorf("records split %q as\n%+v\nencoding/csv as\n%+v", shown, abbreviate(got), abbreviate(want))
	}
}

func abbreviate(recs []splitRecord) []splitRecord {
	out := make([]splitRecord, len(recs))
	for i, r := range recs {
		out[i] = r
		out[i].Fields = nil
		for _, f := range r.Fields {
			if len(f) > 40 {
				f = f[:40] + "…"
			}
			out[i].Fields = append(out[i].Fields, f)
		}
	}
	return out
}
