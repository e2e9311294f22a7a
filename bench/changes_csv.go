package bench

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// The changed copy reads the generator's CSV files line by line: the
// generator writes no field with a line break, so a line is a record, and
// a row the copy does not change is written back as the bytes it read.

// eachRecord calls fn with every data record of a CSV file and the
// position of each column.
func eachRecord(path string, fn func(col map[string]int, rec []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("reading the header of %s: %w", path, err)
	}
	col := columns(header)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", path, err)
		}
		if err := fn(col, rec); err != nil {
			return err
		}
	}
}

// columns is the position of each column of a header.
func columns(header []string) map[string]int {
	col := make(map[string]int, len(header))
	for i, h := range header {
		if _, ok := col[h]; !ok {
			col[h] = i
		}
	}
	return col
}

// newLineScanner scans r a line at a time, each token the line with its
// line ending, so that a line can be written back byte for byte.
func newLineScanner(r io.Reader) *bufio.Scanner {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 1<<20), 1<<26)
	s.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			return i + 1, data[:i+1], nil
		}
		if atEOF && len(data) > 0 {
			return len(data), data, nil
		}
		return 0, nil, nil
	})
	return s
}

// splitLine is the fields of one line of a CSV file (with or without its
// line ending). A line with no quote is split at its commas; one with
// quotes is read as CSV.
func splitLine(line []byte) ([]string, error) {
	s := strings.TrimRight(string(line), "\r\n")
	if !strings.Contains(s, `"`) {
		return strings.Split(s, ","), nil
	}
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	return r.Read()
}
