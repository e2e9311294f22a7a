package synthetic

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"carewh/canonical"
)

var asOf = time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)

// smallSize shrinks every population for the tests that only need shape,
// not realism.
const smallSize = 0.08

// fullRun is the scale-1 output shared by the tests that check realism.
var fullRun struct {
	once sync.Once
	dir  string
	sum  Summary
	took time.Duration
	err  error
}

func scaleOne(t *testing.T) (string, Summary) {
	t.Helper()
	fullRun.once.Do(func() {
		dir, err := os.MkdirTemp("", "synthetic-scale1-")
		if err != nil {
			fullRun.err = err
			return
		}
		fullRun.dir = dir
		start := time.Now()
		fullRun.sum, fullRun.err = WriteDir(context.Background(), dir, Options{Seed: 7, Scale: 1, AsOf: asOf})
		fullRun.took = time.Since(start)
	})
	if fullRun.err != nil {
		t.Fatalf("generating scale 1: %v", fullRun.err)
	}
	return fullRun.dir, fullRun.sum
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fullRun.dir != "" {
		if fullRun.err == nil {
			fmt.Printf("scale 1 generated in %s: %d rows, %d faults\n", fullRun.took.Round(time.Millisecond), fullRun.sum.TotalRows(), fullRun.sum.TotalFaults())
		}
		os.RemoveAll(fullRun.dir)
	}
	os.Exit(code)
}

// generateSmall writes a small run into a fresh directory.
func generateSmall(t *testing.T, opts Options) (string, Summary) {
	t.Helper()
	dir := t.TempDir()
	sum, err := writeDir(context.Background(), dir, opts, tuning{size: smallSize})
	if err != nil {
		t.Fatalf("writeDir(%+v): %v", opts, err)
	}
	return dir, sum
}

// hashes returns the sha256 of every file in dir, by name.
func hashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fmt.Sprintf("%x", sha256.Sum256(b))
	}
	return out
}

// readCSV reads a file of dir as a header and rows of maps.
func readCSV(t *testing.T, dir, stem string) ([]string, []map[string]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, stem+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	header, err := cr.Read()
	if err != nil {
		t.Fatalf("reading header of %s: %v", stem, err)
	}
	var rows []map[string]string
	for {
		line, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("reading %s: %v", stem, err)
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			row[h] = line[i]
		}
		rows = append(rows, row)
	}
	return header, rows
}

func TestSameOptionsSameBytes(t *testing.T) {
	opts := Options{Seed: 42, AsOf: asOf}
	a, _ := generateSmall(t, opts)
	b, _ := generateSmall(t, opts)
	ha, hb := hashes(t, a), hashes(t, b)
	if len(ha) != len(fileSpecs()) {
		t.Errorf("wrote %d files, want %d", len(ha), len(fileSpecs()))
	}
	for name, h := range ha {
		if hb[name] != h {
			t.Errorf("%s differs between two runs with the same options", name)
		}
	}
}

func TestDifferentSeedDifferentBytes(t *testing.T) {
	a, _ := generateSmall(t, Options{Seed: 1, AsOf: asOf})
	b, _ := generateSmall(t, Options{Seed: 2, AsOf: asOf})
	ha, hb := hashes(t, a), hashes(t, b)
	same := 0
	for name, h := range ha {
		if hb[name] == h {
			same++
			t.Logf("%s is the same under seeds 1 and 2", name)
		}
	}
	if same > 0 {
		t.Errorf("%d of %d files are identical under different seeds", same, len(ha))
	}
}

func TestHeaders(t *testing.T) {
	dir, sum := scaleOne(t)
	for _, tbl := range canonical.Tables {
		var want []string
		for _, c := range tbl.Columns {
			if c.Source != "" {
				want = append(want, c.Source)
			}
		}
		header, rows := readCSV(t, dir, tbl.SourceFile)
		if len(header) < len(want) || !slices.Equal(header[:len(want)], want) {
			t.Errorf("%s.csv header = %v, want it to start with %v", tbl.SourceFile, header, want)
		}
		if len(rows) == 0 {
			t.Errorf("%s.csv has no rows", tbl.SourceFile)
		}
		if int64(len(rows)) != sum.Rows[tbl.SourceFile] {
			t.Errorf("%s.csv has %d rows, summary says %d", tbl.SourceFile, len(rows), sum.Rows[tbl.SourceFile])
		}
	}
	header, _ := readCSV(t, dir, fileAddress)
	if !slices.Equal(header, addressColumns) {
		t.Errorf("ssd_address.csv header = %v", header)
	}
	// The personal columns the pipeline must drop are there.
	for stem, cols := range map[string][]string{
		filePerson:        {"pers_common_child_id", "pers_legacy_id"},
		fileProfessionals: {"prof_professional_name", "prof_social_worker_registration_no"},
		filePlacements:    {"clap_cla_placement_postcode", "clap_cla_placement_urn"},
	} {
		header, rows := readCSV(t, dir, stem)
		for _, col := range cols {
			if !slices.Contains(header, col) {
				t.Errorf("%s.csv lacks %s", stem, col)
			}
		}
		if stem == filePlacements {
			full := regexp.MustCompile(`^[A-Z]{1,2}[0-9] [0-9][A-Z]{2}$`)
			if pc := rows[0]["clap_cla_placement_postcode"]; !full.MatchString(pc) {
				t.Errorf("placement postcode %q is not a full postcode", pc)
			}
		}
	}
	// Children have names (for export --identify), made from their id
	// alone, so the same child has the same name whatever else changes.
	_, people := readCSV(t, dir, filePerson)
	for _, p := range people[:20] {
		f, s := childName(p["pers_person_id"])
		if p["pers_forename"] == "" || p["pers_forename"] != f || p["pers_surname"] != s {
			t.Errorf("child %s is named %q %q, want %q %q", p["pers_person_id"], p["pers_forename"], p["pers_surname"], f, s)
		}
	}
}

func TestNoTemporaryFilesLeft(t *testing.T) {
	dir, _ := generateSmall(t, Options{Seed: 3, AsOf: asOf})
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".csv") || strings.HasPrefix(e.Name(), ".") {
			t.Errorf("unexpected file %s", e.Name())
		}
	}
}

func TestScaleTwoDisjointCouncils(t *testing.T) {
	one, _ := generateSmall(t, Options{Seed: 5, Scale: 1, AsOf: asOf})
	two, sum := generateSmall(t, Options{Seed: 5, Scale: 2, AsOf: asOf})
	alnum := regexp.MustCompile(`^[A-Za-z0-9]+$`)
	byCouncil := map[string]map[string]bool{}
	_, people := readCSV(t, two, filePerson)
	for _, p := range people {
		id := p["pers_person_id"]
		if !alnum.MatchString(id) {
			t.Fatalf("person id %q is not letters and digits", id)
		}
		prefix := id[:4]
		if byCouncil[prefix] == nil {
			byCouncil[prefix] = map[string]bool{}
		}
		byCouncil[prefix][id] = true
	}
	if len(byCouncil) != 2 || byCouncil["C001"] == nil || byCouncil["C002"] == nil {
		t.Fatalf("person ids come from councils %v, want C001 and C002", slices.Sorted(mapsKeys(byCouncil)))
	}
	for id := range byCouncil["C001"] {
		if byCouncil["C002"][id] {
			t.Errorf("id %s in both councils", id)
		}
	}
	// Council 1 does not depend on council 2: each file of the two-council
	// run starts with the whole one-council file.
	for _, spec := range fileSpecs() {
		a, err := os.ReadFile(filepath.Join(one, spec.stem+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(two, spec.stem+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), string(a)) {
			t.Errorf("%s: the two-council file does not start with the one-council file", spec.stem)
		}
	}
	if sum.Rows[filePerson] != int64(len(people)) {
		t.Errorf("summary has %d person rows, file %d", sum.Rows[filePerson], len(people))
	}
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestOptions(t *testing.T) {
	ctx := context.Background()
	if _, err := WriteDir(ctx, t.TempDir(), Options{Seed: 1}); err == nil {
		t.Error("no error without AsOf")
	}
	if _, err := WriteDir(ctx, t.TempDir(), Options{Seed: 1, Scale: -1, AsOf: asOf}); err == nil {
		t.Error("no error for Scale -1")
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	_, err := WriteDir(ctx, dir, Options{Seed: 1, AsOf: asOf})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("cancelled run left %d files", len(entries))
	}
}
