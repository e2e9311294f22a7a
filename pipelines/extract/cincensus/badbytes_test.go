package cincensus

import (
	"bufio"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// TestBadBytesRoundTrip: what badBytes yields is valid UTF-8, and
// restoreBadBytes gives back the bytes read, however the reads fall.
func TestBadBytesRoundTrip(t *testing.T) {
	for _, in := range []string{
		"", "plain", "café €5 𝄞", "caf\xe9", "\xff\xfe\x80", "cut \xe2\x82", "\xf4\x8f\xbe\x80 is a stand-in's bytes",
		strings.Repeat("é", 40) + "\xc3" + strings.Repeat("x", 30) + "\xe2\x82\xac",
	} {
		for name, r := range map[string]io.Reader{"whole": strings.NewReader(in), "byte by byte": iotest.OneByteReader(strings.NewReader(in))} {
			out, err := io.ReadAll(iotest.OneByteReader(&badBytes{br: bufio.NewReaderSize(r, 16)}))
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(out) {
				t.Errorf("%s %q: output %q is not UTF-8", name, in, out)
			}
			// A stand-in's own bytes in the input come back as the byte
			// it stands in for: no census has them.
			want := strings.ReplaceAll(in, "\xf4\x8f\xbe\x80", "\x80")
			if got := restoreBadBytes(string(out)); got != want {
				t.Errorf("%s %q: restored %q", name, in, got)
			}
		}
	}
}

// TestBadByteCostsTheValue: a byte that is not UTF-8 in one element no
// longer stops the file: the value is passed on with its bytes, for the
// transforms to quarantine as bad_encoding, and every child loads. A file
// declared ISO-8859-1 still reads its bytes as Latin-1.
func TestBadByteCostsTheValue(t *testing.T) {
	good, err := os.ReadFile(file2024)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(good), "<Ethnicity>WOTH</Ethnicity>", "<Ethnicity>WO\xc9TH</Ethnicity>", 1)
	text = strings.Replace(text, "<LAchildID>CIN002</LAchildID>", "<LAchildID>CIN0\xff2</LAchildID>", 1)
	dir := writeFiles(t, map[string]string{"cin.xml": text})
	res, err := readTable(t, dir, "person", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := readTable(t, file2024, "person", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.rows) != len(want.rows) {
		t.Fatalf("%d people read, want %d", len(res.rows), len(want.rows))
	}
	var ethnicity, id bool
	for _, r := range res.rows {
		ethnicity = ethnicity || r.Vals["ethnicity"] == "WO\xc9TH"
		id = id || r.Vals["person_id"] == "CIN0\xff2"
	}
	if !ethnicity || !id {
		t.Errorf("bad bytes not passed on as read (ethnicity %v, id %v): %v", ethnicity, id, res.rows)
	}

	latin := strings.Replace(string(good), "<Ethnicity>WOTH</Ethnicity>", "<Ethnicity>WO\xc9TH</Ethnicity>", 1)
	if i := strings.Index(latin, "?>"); strings.HasPrefix(latin, "<?xml") && i > 0 {
		latin = `<?xml version="1.0" encoding="ISO-8859-1"?>` + latin[i+2:]
	} else {
		latin = `<?xml version="1.0" encoding="ISO-8859-1"?>` + "\n" + latin
	}
	res, err = readTable(t, writeFiles(t, map[string]string{"cin.xml": latin}), "person", Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range res.rows {
		found = found || r.Vals["ethnicity"] == "WOÉTH"
	}
	if !found {
		t.Errorf("Latin-1 É not read: %v", res.rows)
	}
}
