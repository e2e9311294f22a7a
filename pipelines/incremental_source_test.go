package pipelines

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// csvSource is an SSD CSV source folder a test changes as a case system's
// nightly extract would: each file's header and records, written back by
// save.
type csvSource struct {
	dir   string
	files map[string][][]string // file name → header, then records
}

func readCSVSource(t *testing.T, dir string) *csvSource {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	s := &csvSource{dir: dir, files: map[string][][]string{}}
	for _, path := range names {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		records, err := r.ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		s.files[filepath.Base(path)] = records
	}
	return s
}

func (s *csvSource) save(t *testing.T) {
	t.Helper()
	for name, records := range s.files {
		f, err := os.Create(filepath.Join(s.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		if err := w.WriteAll(records); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// column is the index of a file's column, failing the test if it has none.
func (s *csvSource) column(t *testing.T, file, name string) int {
	t.Helper()
	i := slices.Index(s.files[file][0], name)
	if i < 0 {
		t.Fatalf("%s has no column %s", file, name)
	}
	return i
}

// childIDs are the keys of every row of a child, in every file: its person
// id, then the first column of each row naming an id already found (its
// episodes, then their placements, reviews and visits, its plans and their
// reviews …) until no more are found.
func (s *csvSource) childIDs(person string) map[string]bool {
	ids := map[string]bool{person: true}
	for grew := true; grew; {
		grew = false
		for _, records := range s.files {
			for _, rec := range records[1:] {
				if ids[rec[0]] || !slices.ContainsFunc(rec, func(v string) bool { return ids[v] }) {
					continue
				}
				ids[rec[0]], grew = true, true
			}
		}
	}
	return ids
}

// deleteChild removes every row of a child.
func (s *csvSource) deleteChild(person string) {
	ids := s.childIDs(person)
	for name, records := range s.files {
		s.files[name] = slices.DeleteFunc(records, func(rec []string) bool {
			return slices.ContainsFunc(rec, func(v string) bool { return ids[v] })
		})
	}
}

// addChildLike adds a new child whose rows are a copy of another's, every
// id of the other's rows rewritten with prefix in place of its first
// four characters.
func (s *csvSource) addChildLike(person, prefix string) {
	ids := s.childIDs(person)
	for name, records := range s.files {
		for _, rec := range records[1:] {
			if !slices.ContainsFunc(rec, func(v string) bool { return ids[v] }) {
				continue
			}
			clone := slices.Clone(rec)
			for i, v := range clone {
				if ids[v] {
					clone[i] = prefix + v[4:]
				}
			}
			records = append(records, clone)
		}
		s.files[name] = records
	}
}

// update sets column col of the first row of file that match accepts,
// failing the test if none does, and returns that row.
func (s *csvSource) update(t *testing.T, file string, match func(rec []string) bool, set map[string]string) []string {
	t.Helper()
	for _, rec := range s.files[file][1:] {
		if match(rec) {
			before := slices.Clone(rec)
			for col, v := range set {
				rec[s.column(t, file, col)] = v
			}
			return before
		}
	}
	t.Fatalf("no row of %s to change", file)
	return nil
}

// datePrefix matches a timestamp field by its date.
func datePrefix(rec []string, col int, prefixes ...string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(rec[col], p) })
}
