package bench

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
)

// repointed are the files whose rows belong to an episode by date: the
// episode column and the date column.
var repointed = map[string][2]string{
	fileReviews: {"clar_cla_episode_id", "clar_cla_review_date"},
	fileVisits:  {"clav_cla_episode_id", "clav_cla_visit_date"},
}

// copyFile copies one source file, name, as cs changes it: a deleted
// child's rows are left out, an updated child's corrected rows are written
// corrected (with any rows that follow them), every other line is written
// as read, and the new children's rows come last.
func (cs *changeSet) copyFile(from, to, name string) (err error) {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, out.Close()) }()
	bw := bufio.NewWriterSize(out, 1<<20)
	w := csv.NewWriter(bw)
	s := newLineScanner(in)
	var col map[string]int
	var header []string
	var rules []ownerRule
	ended := true // the last line written ends with a line break
	for n := 1; s.Scan(); n++ {
		line := s.Bytes()
		rec, err := splitLine(line)
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if n == 1 {
			header, col = rec, columns(rec)
			rules = cs.owners.ownerRules(col)
		} else {
			switch cs.fates[ownerOf(rules, rec)] {
			case fateDelete:
				continue
			case fateUpdate:
				if rows := cs.changeRow(name, col, rec); rows != nil {
					if err := writeRecords(w, ended, bw, rows); err != nil {
						return err
					}
					ended = true
					continue
				}
			}
		}
		if _, err := bw.Write(line); err != nil {
			return err
		}
		ended = bytes.HasSuffix(line, []byte("\n"))
	}
	if err := s.Err(); err != nil {
		return err
	}
	var added [][]string
	for _, row := range cs.added[name] {
		rec := make([]string, len(header))
		for h, i := range col {
			rec[i] = row[h]
		}
		added = append(added, rec)
	}
	if len(added) > 0 {
		if err := writeRecords(w, ended, bw, added); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// writeRecords writes records through w, after a line break if the last
// line written has none.
func writeRecords(w *csv.Writer, ended bool, bw *bufio.Writer, records [][]string) error {
	if !ended {
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
	}
	if err := w.WriteAll(records); err != nil { // WriteAll flushes into bw
		return err
	}
	return nil
}

// changeRow applies the corrections planned for one row of an updated
// child, rec of file name, and returns the rows to write in its place, or
// nil when it is unchanged.
func (cs *changeSet) changeRow(name string, col map[string]int, rec []string) [][]string {
	changed := false
	set := func(column, v string) {
		if i, ok := col[column]; ok && i < len(rec) && rec[i] != v {
			rec[i] = v
			changed = true
		}
	}
	var after []map[string]string
	if e := cs.edits[name][rec[0]]; e != nil {
		for column, v := range e.set {
			set(column, v)
		}
		if !e.written {
			e.written, after = true, e.after
		}
	}
	if cols, ok := repointed[name]; ok {
		if rp, ok := cs.repoint[value(col, rec, cols[0])]; ok {
			if day, err := isoDay(value(col, rec, cols[1])); err == nil && !day.Before(rp.day) {
				set(cols[0], rp.to)
			}
		}
	}
	if !changed && after == nil {
		return nil
	}
	rows := [][]string{rec}
	for _, row := range after {
		added := make([]string, len(rec))
		for h, i := range col {
			if i < len(added) {
				added[i] = row[h]
			}
		}
		rows = append(rows, added)
	}
	return rows
}
