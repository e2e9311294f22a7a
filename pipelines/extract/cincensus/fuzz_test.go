package cincensus

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzCensus reads any bytes as a census file, every table: it never
// panics, never leaks an Arrow buffer (readTableCtx checks), and ends
// within a few seconds however the XML is broken. Inputs are at most
// 64 KiB.
func FuzzCensus(f *testing.F) {
	for _, path := range []string{file2024, "testdata/years/2023/cin_census_2023.xml"} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		text := string(data)
		f.Add([]byte(strings.Replace(text, "<Ethnicity>WOTH", "<Ethnicity>WO\xc9TH", 1)))
		f.Add([]byte(text[:len(text)/2]))
		f.Add([]byte(strings.Replace(text, "</LAchildID>", "</LAchildID><LAchildID>X</LAchildID>", 1)))
	}
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1252"?><Message><Header/><Children><Child/></Children></Message>`))
	f.Add([]byte("<Message><Children><Child><ChildIdentifiers><LAchildID>\xff</LAchildID></ChildIdentifiers></Child></Children></Message>"))
	f.Add([]byte(""))
	tables := []string{"person", "s47_enquiries", "cp_conferences", "cp_plans", "cp_reviews"}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "cin.xml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, table := range tables {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_, err := readTableCtx(t, ctx, path, table, Options{BatchRows: 3})
			timedOut := ctx.Err() != nil
			cancel()
			if timedOut {
				t.Fatalf("%s: reading took more than 10 s (%v)", table, err)
			}
		}
	})
}
