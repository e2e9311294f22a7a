package ssdcsv

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
)

// records splits a CSV file into records as encoding/csv does with its
// defaults (comma-separated, RFC 4180 quoting, no lazy quotes, CRLF read
// as LF, blank lines skipped), and reports the same *csv.ParseError values.
// It exists because ingest reads hundreds of millions of rows: fields come
// back as byte slices into the read buffer, and only a record holding a
// quote is copied, so reading allocates nothing per record.
type records struct {
	br     *bufio.Reader
	line   int    // lines read so far
	long   []byte // a line longer than br's buffer, gathered
	quoted []byte // unquoted text of the fields of a record that has quotes
	ends   []int  // end of each field in quoted
	fields [][]byte
}

func newRecords(r io.Reader) *records {
	br := bufio.NewReaderSize(r, 1<<20)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3) // Excel writes a byte-order mark
	}
	return &records{br: br}
}

// Read returns the next record and the line it starts on. The fields are
// valid until the next call. At the end of the file it returns io.EOF.
func (r *records) Read() (fields [][]byte, startLine int, err error) {
	var line []byte
	var readErr error
	for readErr == nil {
		line, readErr = r.readLine()
		if readErr == nil && len(trimNewline(line)) == 0 { // a blank line
			continue
		}
		break
	}
	if readErr == io.EOF {
		return nil, 0, io.EOF
	}
	if readErr != nil {
		return nil, 0, readErr
	}
	startLine = r.line
	if bytes.IndexByte(line, '"') < 0 {
		return r.split(trimNewline(line)), startLine, nil
	}
	fields, err = r.splitQuoted(line, startLine)
	return fields, startLine, err
}

// split cuts a line without quotes at its commas.
func (r *records) split(line []byte) [][]byte {
	r.fields = r.fields[:0]
	for {
		i := bytes.IndexByte(line, ',')
		if i < 0 {
			return append(r.fields, line)
		}
		r.fields = append(r.fields, line[:i])
		line = line[i+1:]
	}
}

// splitQuoted parses a record that has a quote somewhere, reading on while
// a quoted field spans lines.
func (r *records) splitQuoted(line []byte, startLine int) ([][]byte, error) {
	r.quoted, r.ends = r.quoted[:0], r.ends[:0]
	col := 1
	parseError := func(line, col int, err error) error {
		return &csv.ParseError{StartLine: startLine, Line: line, Column: col, Err: err}
	}
	for {
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, ',')
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = trimNewline(field)
			}
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				return nil, parseError(r.line, col+j, csv.ErrBareQuote)
			}
			r.quoted = append(r.quoted, field...)
			r.ends = append(r.ends, len(r.quoted))
			if i < 0 {
				return r.quotedFields(), nil
			}
			line = line[i+1:]
			col += i + 1
			continue
		}
		line = line[1:]
		col++
		for {
			i := bytes.IndexByte(line, '"')
			if i >= 0 {
				r.quoted = append(r.quoted, line[:i]...)
				line = line[i+1:]
				col += i + 1
				switch {
				case len(line) > 0 && line[0] == '"': // "" is one quote
					r.quoted = append(r.quoted, '"')
					line = line[1:]
					col++
					continue
				case len(line) > 0 && line[0] == ',':
					r.ends = append(r.ends, len(r.quoted))
					line = line[1:]
					col++
				case len(trimNewline(line)) == 0:
					r.ends = append(r.ends, len(r.quoted))
					return r.quotedFields(), nil
				default:
					return nil, parseError(r.line, col-1, csv.ErrQuote)
				}
				break
			}
			if len(line) == 0 {
				return nil, parseError(r.line, col, csv.ErrQuote)
			}
			// The quoted field runs on to the next line.
			r.quoted = append(r.quoted, line...)
			next, err := r.readLine()
			if errors.Is(err, io.EOF) {
				return nil, parseError(r.line, col+len(line), csv.ErrQuote)
			}
			if err != nil {
				return nil, err
			}
			line, col = next, 1
		}
	}
}

func (r *records) quotedFields() [][]byte {
	r.fields = r.fields[:0]
	start := 0
	for _, end := range r.ends {
		r.fields = append(r.fields, r.quoted[start:end])
		start = end
	}
	return r.fields
}

// readLine returns the next line ending in "\n" ("\r\n" is turned into
// "\n"; a last line without one gets none). It is valid until the next
// call.
func (r *records) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		r.long = append(r.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = r.br.ReadSlice('\n')
			r.long = append(r.long, line...)
		}
		line = r.long
	}
	if len(line) > 0 && errors.Is(err, io.EOF) {
		err = nil
		if line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
	}
	if err != nil {
		return nil, err
	}
	r.line++
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, nil
}

func trimNewline(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		return b[:n-1]
	}
	return b
}
