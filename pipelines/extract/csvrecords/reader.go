package csvrecords

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
)

// Reader splits CSV text into records. See the package documentation for
// how it agrees with encoding/csv and where it recovers differently.
type Reader struct {
	br     *bufio.Reader
	comma  byte
	width  int    // fields a record must have; 0 until Recover
	lines  int    // lines read from br so far
	last   int    // number of the last line read, from br or replay
	long   []byte // a line longer than br's buffer, gathered
	quoted []byte // unquoted text of the fields of a record that has quotes
	ends   []int  // end of each field in quoted
	fields [][]byte
	// Recovery (width > 0) only:
	span     []lineText // copies of the lines of a record that spans lines
	replay   []lineText // lines given back after a broken record, read before br
	held     [][]byte   // the record recovery stopped at, for the next Read
	heldLine int
}

// lineText is one line given back to be read again, and its number.
type lineText struct {
	text []byte
	line int
}

// NewReader reads records from r, fields separated by comma (',' or ';';
// never a quote or a line end). A UTF-8 byte-order mark at the start is
// skipped.
func NewReader(r io.Reader, comma byte) *Reader {
	if comma == '"' || comma == '\r' || comma == '\n' || comma >= 0x80 {
		panic("csvrecords: invalid field separator")
	}
	br := bufio.NewReaderSize(r, 1<<20)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3) // Excel writes a byte-order mark
	}
	return &Reader{br: br, comma: comma}
}

// Recover makes every later record of other than width fields that spans
// lines, or fails to parse across lines (an unbalanced quote), a *Broken:
// the reader gives back the lines that record swallowed and resumes at the
// first of them, or a later line, that reads as a record of width fields.
// A record on one line that fails or has the wrong width is returned as
// before (a *csv.ParseError, or the record), costing that line only.
func (r *Reader) Recover(width int) { r.width = width }

// Read returns the next record and the line it starts on. The fields are
// valid until the next call. At the end of the input it returns io.EOF. A
// record that does not parse is a *csv.ParseError as encoding/csv gives,
// or, once Recover is set, a *Broken.
func (r *Reader) Read() (fields [][]byte, startLine int, err error) {
	if r.held != nil {
		fields, startLine = r.held, r.heldLine
		r.held = nil
		return fields, startLine, nil
	}
	fields, startLine, spanned, err := r.read()
	if r.width == 0 || !spanned || errors.Is(err, io.EOF) {
		return fields, startLine, err
	}
	if err == nil {
		if len(fields) == r.width {
			return fields, startLine, nil
		}
		return nil, startLine, r.recover(startLine, nil, len(fields))
	}
	var perr *csv.ParseError
	if !errors.As(err, &perr) {
		return nil, startLine, err
	}
	return nil, startLine, r.recover(startLine, perr, 0)
}

// recover reads on from the line after first until a line starts a
// record of the right width, which the next Read returns.
func (r *Reader) recover(first int, perr *csv.ParseError, fields int) error {
	b := &Broken{First: first, Err: perr, Fields: fields, Width: r.width}
	r.giveBack()
	for {
		f, start, spanned, err := r.read()
		if errors.Is(err, io.EOF) {
			b.Last = r.last
			return b
		}
		var perr *csv.ParseError
		if err != nil && !errors.As(err, &perr) {
			return err
		}
		if err == nil && len(f) == r.width {
			b.Last, b.Resume = start-1, start
			r.held, r.heldLine = f, start
			return b
		}
		if spanned {
			r.giveBack()
		}
	}
}

// giveBack puts the lines of the record just read, but its first, back
// to be read again.
func (r *Reader) giveBack() {
	if len(r.span) < 2 {
		return
	}
	back := make([]lineText, 0, len(r.span)-1+len(r.replay))
	back = append(back, r.span[1:]...)
	r.replay = append(back, r.replay...)
}

// read reads one record as encoding/csv would; spanned says it took more
// than one line.
func (r *Reader) read() (fields [][]byte, startLine int, spanned bool, err error) {
	r.span = r.span[:0]
	var line []byte
	var readErr error
	for readErr == nil {
		line, startLine, readErr = r.readLine()
		if readErr == nil && len(trimNewline(line)) == 0 { // a blank line
			continue
		}
		break
	}
	if readErr != nil {
		return nil, 0, false, readErr
	}
	if bytes.IndexByte(line, '"') < 0 {
		return r.split(trimNewline(line)), startLine, false, nil
	}
	fields, err = r.splitQuoted(line, startLine)
	return fields, startLine, r.last != startLine, err
}

// split cuts a line without quotes at its separators.
func (r *Reader) split(line []byte) [][]byte {
	r.fields = r.fields[:0]
	for {
		i := bytes.IndexByte(line, r.comma)
		if i < 0 {
			return append(r.fields, line)
		}
		r.fields = append(r.fields, line[:i])
		line = line[i+1:]
	}
}

// splitQuoted parses a record that has a quote somewhere, reading on while
// a quoted field spans lines.
func (r *Reader) splitQuoted(line []byte, startLine int) ([][]byte, error) {
	r.quoted, r.ends = r.quoted[:0], r.ends[:0]
	first := line
	col, cur := 1, startLine
	for {
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, r.comma)
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = trimNewline(field)
			}
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				return nil, parseError(startLine, cur, col+j, csv.ErrBareQuote)
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
				case len(line) > 0 && line[0] == r.comma:
					r.ends = append(r.ends, len(r.quoted))
					line = line[1:]
					col++
				case len(trimNewline(line)) == 0:
					r.ends = append(r.ends, len(r.quoted))
					return r.quotedFields(), nil
				default:
					return nil, parseError(startLine, cur, col-1, csv.ErrQuote)
				}
				break
			}
			if len(line) == 0 {
				return nil, parseError(startLine, cur, col, csv.ErrQuote)
			}
			// The quoted field runs on to the next line.
			r.quoted = append(r.quoted, line...)
			if r.width > 0 && len(r.span) == 0 {
				r.span = append(r.span, lineText{bytes.Clone(first), startLine})
			}
			next, n, err := r.readLine()
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, err
			}
			if r.width > 0 && err == nil {
				r.span = append(r.span, lineText{bytes.Clone(next), n})
			}
			// At the end of the file, or a last line that was only "\r",
			// the error is where the last line with text ended, as
			// encoding/csv says.
			if len(next) == 0 {
				return nil, parseError(startLine, cur, col+len(line), csv.ErrQuote)
			}
			line, col, cur = next, 1, n
		}
	}
}

func parseError(start, line, col int, err error) error {
	return &csv.ParseError{StartLine: start, Line: line, Column: col, Err: err}
}

func (r *Reader) quotedFields() [][]byte {
	r.fields = r.fields[:0]
	start := 0
	for _, end := range r.ends {
		r.fields = append(r.fields, r.quoted[start:end])
		start = end
	}
	return r.fields
}

// readLine returns the next line, given-back lines first, and its number.
// A line ends in "\n" ("\r\n" is turned into "\n"; a last line without
// one gets none). It is valid until the next call.
func (r *Reader) readLine() ([]byte, int, error) {
	if len(r.replay) > 0 {
		l := r.replay[0]
		r.replay[0] = lineText{}
		r.replay = r.replay[1:]
		r.last = l.line
		return l.text, l.line, nil
	}
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
		return nil, 0, err
	}
	r.lines++
	r.last = r.lines
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, r.lines, nil
}

func trimNewline(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		return b[:n-1]
	}
	return b
}
