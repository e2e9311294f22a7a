package synthetic

import (
	"bufio"
	"carewh/internal/atomicfile"
	"encoding/csv"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// rec is one row to write, by column name. Columns a row leaves out are
// written empty. Keys starting with "_" are context for fault injection
// (hintEnteredCare) and are never written.
type rec map[string]string

// hintEnteredCare carries the start of the period of care on a review row,
// so that a review can be faulted to before it.
const hintEnteredCare = "_entered_care"

// hintFaulted marks a row a conflict has changed, so that no row fault is
// added to it: each fault stays visible and counted once.
const hintFaulted = "_faulted"

// table is one open CSV file.
type table struct {
	spec  fileSpec
	known map[string]bool
	final string
	file  *atomicfile.File // written under a temporary name, renamed to final when complete
	buf   *bufio.Writer
	csv   *csv.Writer
	line  []string
	rows  int64
}

// sink holds the open files of a run. Like bufio.Writer it keeps the first
// error: later writes do nothing, and commit returns it.
type sink struct {
	tables map[string]*table
	order  []*table
	faults *faulter
	err    error
	// only drops rows of files it does not hold, instead of failing: an
	// SSDA903 return is written from the same simulation as the SSD
	// export, and holds none of its files.
	only bool
}

// openSink creates every file of specs, under a temporary name, in dir.
func openSink(dir string, specs []fileSpec) (*sink, error) {
	s := &sink{tables: map[string]*table{}, faults: newFaulter()}
	for _, spec := range specs {
		t := &table{
			spec:  spec,
			known: map[string]bool{},
			final: filepath.Join(dir, spec.stem+".csv"),
			line:  make([]string, len(spec.header)),
		}
		for _, h := range spec.header {
			t.known[h] = true
		}
		// A case system's extract is private, a made-up one too: it
		// stands where the real one would (often inside data_dir).
		f, err := atomicfile.Create(t.final)
		if err != nil {
			s.abort()
			return nil, err
		}
		t.file = f
		t.buf = bufio.NewWriterSize(f, 1<<18)
		t.csv = csv.NewWriter(t.buf)
		s.tables[spec.stem] = t
		s.order = append(s.order, t)
		if err := t.csv.Write(spec.header); err != nil {
			s.abort()
			return nil, fmt.Errorf("writing header of %s: %w", t.final, err)
		}
	}
	return s, nil
}

// emit writes r to the file stem, after fault injection.
func (s *sink) emit(stem string, r rec) {
	if s.err != nil {
		return
	}
	t, ok := s.tables[stem]
	if !ok && s.only {
		return
	}
	if !ok {
		s.err = fmt.Errorf("writing a row: no file %q", stem)
		return
	}
	first, second := s.faults.apply(stem, r)
	s.write(t, first)
	if second != nil {
		s.write(t, second)
	}
}

// write lays r out in header order and writes it.
func (s *sink) write(t *table, r rec) {
	if s.err != nil {
		return
	}
	n := 0
	for i, h := range t.spec.header {
		v, ok := r[h]
		if ok {
			n++
		}
		t.line[i] = v
	}
	if n != len(r) {
		var unknown []string
		for k := range r {
			if !t.known[k] && !strings.HasPrefix(k, "_") {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			slices.Sort(unknown)
			s.err = fmt.Errorf("writing a row of %s: no column %s", t.spec.stem, strings.Join(unknown, ", "))
			return
		}
	}
	if err := t.csv.Write(t.line); err != nil {
		s.err = fmt.Errorf("writing %s: %w", t.final, err)
		return
	}
	t.rows++
}

// commit flushes every file, then syncs each and renames it to its
// final name.
func (s *sink) commit() error {
	if s.err != nil {
		s.abort()
		return s.err
	}
	for _, t := range s.order {
		t.csv.Flush()
		if err := errors.Join(t.csv.Error(), t.buf.Flush()); err != nil {
			s.abort()
			return fmt.Errorf("writing %s: %w", t.final, err)
		}
	}
	for _, t := range s.order {
		err := t.file.Commit()
		t.file = nil
		if err != nil {
			s.abort()
			return err
		}
	}
	return nil
}

// abort closes and removes every temporary file.
func (s *sink) abort() {
	for _, t := range s.order {
		if t.file != nil {
			t.file.Abort()
			t.file = nil
		}
	}
}

// summary counts what was written.
func (s *sink) summary() Summary {
	sum := Summary{Rows: map[string]int64{}, Faults: map[string]int64{}}
	for _, t := range s.order {
		sum.Rows[t.spec.stem] = t.rows
	}
	for k, v := range s.faults.counts {
		sum.Faults[k] = v
	}
	return sum
}
