package ssda903

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"carewh/canonical"
	"carewh/internal/sourcefile"
	"carewh/pipelines/extract/csvrecords"
)

// RuleMalformedRow marks a CSV record that cannot be split into the
// header's columns.
const RuleMalformedRow = "malformed_row"

// csvFile is one open file of one return, positioned after its header.
type csvFile struct {
	file   *sourcefile.File
	csv    *csvrecords.Reader
	coll   collection
	spec   *fileSpec
	origin string         // year folder and file name, as messages show it
	cols   map[string]int // DfE column (upper case) → position in the record
	header []string
	width  int
}

// openCSV opens a file, detects its delimiter and maps its header.
func openCSV(path string, c collection, spec *fileSpec, digests *sourcefile.Digests, log *slog.Logger) (*csvFile, error) {
	f, err := sourcefile.Open(path, digests)
	if err != nil {
		return nil, fmt.Errorf("opening the %s file: %w", spec.name, err)
	}
	origin := c.folder + "/" + baseName(path)
	cf := &csvFile{file: f, coll: c, spec: spec, origin: origin}
	if err := cf.readHeader(log); err != nil {
		f.Close()
		return nil, err
	}
	return cf, nil
}

func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

func (f *csvFile) readHeader(log *slog.Logger) error {
	br := bufio.NewReaderSize(f.file, 1<<16)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	first, err := br.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s line 1: reading header: %w", f.origin, err)
	}
	if strings.TrimSpace(first) == "" {
		return fmt.Errorf("%s: file is empty: expected a header row of the DfE %s columns (%s, …)",
			f.origin, f.spec.name, strings.Join(f.spec.required[:min(3, len(f.spec.required))], ", "))
	}
	delimiter := byte(',')
	if !strings.Contains(first, ",") && strings.Contains(first, ";") {
		delimiter = ';'
		log.Info("reading a semicolon-delimited SSDA903 file", "file", f.origin)
	}
	f.csv = csvrecords.NewReader(io.MultiReader(strings.NewReader(first), br), delimiter)
	header, _, err := f.csv.Read()
	if err != nil {
		return fmt.Errorf("%s line 1: reading header: %w", f.origin, err)
	}
	f.header = make([]string, len(header))
	f.width = len(header)
	f.cols = make(map[string]int, len(header))
	var unknown []string
	for i, h := range header {
		name := strings.ToUpper(strings.TrimSpace(string(h)))
		f.header[i] = name
		if name == "" {
			unknown = append(unknown, fmt.Sprintf("(blank, column %d)", i+1))
			continue
		}
		if prev, dup := f.cols[name]; dup {
			return fmt.Errorf("%s line 1: column %s appears twice (columns %d and %d)", f.origin, name, prev+1, i+1)
		}
		f.cols[name] = i
		if !f.spec.isKnown(name) {
			unknown = append(unknown, name)
		}
	}
	var missing []string
	for _, col := range f.spec.required {
		if _, ok := f.cols[col]; !ok {
			missing = append(missing, col)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s (the %s file): header lacks column(s) %s", f.origin, f.spec.name, strings.Join(missing, ", "))
	}
	if len(unknown) > 0 {
		log.Warn("ignoring columns that are not in the SSDA903 layout", "file", f.origin, "columns", strings.Join(unknown, ", "))
	}
	// An unbalanced quote costs its own record only: reading resumes at
	// the next line that reads as a record of the header's width.
	f.csv.Recover(f.width)
	return nil
}

// record is one well-formed CSV record of a file.
type record struct {
	f      *csvFile
	fields []string
	line   int64
}

// get returns the value of a DfE column, "" if the file lacks it.
func (r record) get(col string) string {
	if i, ok := r.f.cols[col]; ok {
		return r.fields[i]
	}
	return ""
}

// next reads the next well-formed record; malformed ones go to q under
// table. ok is false at the end of the file.
func (f *csvFile) next(q canonical.Quarantine, table string) (rec record, ok bool, err error) {
	for {
		raw, line, err := f.csv.Read()
		if errors.Is(err, io.EOF) {
			return record{}, false, nil
		}
		var broken *csvrecords.Broken
		if errors.As(err, &broken) {
			msg := fmt.Sprintf("%s line %d: %v", f.origin, broken.First, broken)
			if err := f.reject(q, table, int64(broken.First), msg); err != nil {
				return record{}, false, err
			}
			continue
		}
		if err != nil {
			var perr *csv.ParseError
			if !errors.As(err, &perr) {
				return record{}, false, fmt.Errorf("%s: reading: %w", f.origin, err)
			}
			lines := fmt.Sprintf("line %d", perr.StartLine)
			if perr.Line != perr.StartLine {
				lines = fmt.Sprintf("lines %d–%d", perr.StartLine, perr.Line)
			}
			msg := fmt.Sprintf("%s %s, column %d: %v", f.origin, lines, perr.Column, perr.Err)
			if err := f.reject(q, table, int64(perr.StartLine), msg); err != nil {
				return record{}, false, err
			}
			continue
		}
		fields := make([]string, len(raw))
		for i, b := range raw {
			fields[i] = string(b)
		}
		if len(fields) != f.width {
			msg := fmt.Sprintf("%s line %d: has %d fields, the header has %d", f.origin, line, len(fields), f.width)
			if len(fields) < f.width {
				msg += fmt.Sprintf("; columns from %s on are missing (is the line cut short?)", f.header[len(fields)])
			}
			if err := f.reject(q, table, int64(line), msg); err != nil {
				return record{}, false, err
			}
			continue
		}
		return record{f: f, fields: fields, line: int64(line)}, true, nil
	}
}

func (f *csvFile) reject(q canonical.Quarantine, table string, line int64, msg string) error {
	return q.Reject(canonical.Rejection{Table: table, Source: f.origin, Line: line, Rule: RuleMalformedRow, Message: msg})
}

func (f *csvFile) close() { f.file.Close() }
