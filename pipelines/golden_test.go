package pipelines

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"carewh/canonical"
	"carewh/config"
	"carewh/pipelines/key"
	"carewh/pipelines/lake"
	"carewh/pipelines/warehouse"
	"carewh/transforms"
)

const testKey = "test-key-0123456789abcdef0123456789abcdef"

func testEnv(name string) string {
	if name == key.EnvHMACKey {
		return testKey
	}
	return ""
}

// testConfig writes a config reading SSD CSV files from source, as at asOf,
// into a fresh data folder, and loads it the way a user's file is loaded.
func testConfig(t *testing.T, source, asOf string) *config.Config {
	t.Helper()
	return sourceConfig(t, "ssdcsv", source, asOf)
}

// sourceConfig is testConfig for a source of any kind.
func sourceConfig(t *testing.T, kind, source, asOf string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	abs, err := filepath.Abs(source)
	if err != nil {
		t.Fatal(err)
	}
	yaml := fmt.Sprintf("version: 1\ndata_dir: %s\nsource:\n  kind: %s\n  path: %s\nreporting:\n  as_of: %q\nduckdb:\n  memory_limit: 1GB\n",
		filepath.Join(dir, "data"), kind, abs, asOf)
	path := filepath.Join(dir, "carewh.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// runPipeline runs the whole pipeline with a checked allocator and fails
// the test if any Arrow buffer leaks.
func runPipeline(t *testing.T, cfg *config.Config) lake.Manifest {
	t.Helper()
	m, _ := runLogged(t, cfg)
	return m
}

// goldenWarehouse runs the pipeline over a golden case's source folder as
// at asOf and opens the warehouse it built; the database closes with t.
func goldenWarehouse(t *testing.T, dir, asOf string) *sql.DB {
	t.Helper()
	cfg := testConfig(t, filepath.Join(dir, "source"), asOf)
	runPipeline(t, cfg)
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// goldenWarehouseFrom is goldenWarehouse for a fixture whose history
// begins at historyStart (source.history_start): its reporting years begin
// with the year holding that date, not with its earliest episode.
func goldenWarehouseFrom(t *testing.T, dir, asOf, historyStart string) *sql.DB {
	t.Helper()
	cfg := testConfig(t, filepath.Join(dir, "source"), asOf)
	cfg.Source.HistoryStart = historyStart
	runPipeline(t, cfg)
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// goldenCase is one expected file of a golden case and the query that must
// reproduce it.
type goldenCase struct {
	expected, query string
	// bySet compares rows as sets, sorting both sides after the header:
	// pseudonyms, not the ids a person reads, would decide an ORDER BY.
	bySet bool
}

// idColumns are the columns queryCSV translates from pseudonyms back to
// the source ids expected files are written with.
var idColumns = map[string]bool{"person": true, "iro": true}

// goldenIDs maps each child's and staff member's pseudonym back to the
// source id, so expected files can be written with the ids a person reads.
func goldenIDs(t *testing.T, people, staff []string) map[string]string {
	t.Helper()
	p, err := transforms.NewPseudonymiser([]byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string, len(people)+len(staff))
	add := func(kind canonical.Identifier, ids []string) {
		for _, id := range ids {
			ps := p.Pseudonym(kind, id)
			if prev, ok := out[ps]; ok {
				t.Fatalf("%s and %s share pseudonym %q", prev, id, ps)
			}
			out[ps] = id
		}
	}
	add(canonical.PersonID, people)
	add(canonical.StaffID, staff)
	return out
}

// fixtureIDs maps the pseudonym of every value in the files under dir (a
// golden case's folder), in every identifier domain, back to the value, so
// the record ids (episode, review, plan ids …) in expected files can be
// written as the fixture has them, as goldenIDs does for children and
// staff. A CSV file's values are its cells; an XML file's, the text of its
// elements. The ids a 903 or CIN census source makes of a child and a date
// (the child's pseudonym, "/", the date) are read back as CHILD/date.
func fixtureIDs(t *testing.T, dir string) map[string]string {
	t.Helper()
	p, err := transforms.NewPseudonymiser([]byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	var domains []canonical.Identifier
	for _, table := range canonical.Tables {
		for _, c := range table.Columns {
			if c.ID != canonical.NotIdentifying && !slices.Contains(domains, c.ID) {
				domains = append(domains, c.ID)
			}
		}
	}
	out := map[string]string{}
	values, children := fixtureValues(t, dir)
	dates := []string{"no-episode"}
	for _, v := range values {
		for _, d := range domains {
			out[p.Pseudonym(d, v)] = v
		}
		if day, ok := canonical.ParseDate(v); ok {
			dates = append(dates, day.Format(time.DateOnly))
		}
	}
	for _, c := range children {
		ref := p.Pseudonym(canonical.PersonID, c)
		for _, date := range dates {
			for _, d := range domains {
				out[p.Pseudonym(d, ref+"/"+date)] = c + "/" + date
			}
		}
	}
	return out
}

// xmlText is the text of an element that holds no other element, and
// xmlChild a census child's LAchildID.
var (
	xmlText  = regexp.MustCompile(`>([^<>]+)<`)
	xmlChild = regexp.MustCompile(`<LAchildID>([^<>]+)<`)
)

// fixtureValues lists the distinct values, trimmed, of every CSV and XML
// file under dir, and the children of 903 files (CHILD) and censuses
// (LAchildID).
func fixtureValues(t *testing.T, dir string) (values, children []string) {
	t.Helper()
	seen, child := map[string]bool{}, map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".csv":
			r := csv.NewReader(bytes.NewReader(data))
			if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
				r.Comma = ';'
			}
			r.FieldsPerRecord, r.LazyQuotes = -1, true
			childCol := -1
			for {
				rec, err := r.Read()
				if errors.Is(err, io.EOF) {
					break
				}
				for i, v := range rec { // a record that does not parse gives what it can
					v = strings.TrimSpace(v)
					seen[v] = true
					if strings.EqualFold(strings.TrimPrefix(v, "\ufeff"), "CHILD") {
						childCol = i
					} else if i == childCol {
						child[v] = true
					}
				}
			}
		case ".xml":
			for _, m := range xmlText.FindAllSubmatch(data, -1) {
				seen[strings.TrimSpace(string(m[1]))] = true
			}
			for _, m := range xmlChild.FindAllSubmatch(data, -1) {
				child[strings.TrimSpace(string(m[1]))] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	delete(seen, "")
	delete(child, "")
	return slices.Sorted(maps.Keys(seen)), slices.Sorted(maps.Keys(child))
}

// pseudonymToken is a pseudonym anywhere in a text.
var pseudonymToken = regexp.MustCompile(`\b[0-9a-f]{32}\b`)

// revealIDs replaces each pseudonym in s that ids knows by its id; one it
// does not know stays, so a pseudonym of no fixture value still shows.
func revealIDs(s string, ids map[string]string) string {
	return pseudonymToken.ReplaceAllStringFunc(s, func(ps string) string {
		if id, ok := ids[ps]; ok {
			return id
		}
		return ps
	})
}

// pseudonymList is the pseudonyms of ids in one domain as a list of SQL
// string literals, for a query to pick rows of the fixture by their ids.
func pseudonymList(t *testing.T, domain canonical.Identifier, ids ...string) string {
	t.Helper()
	p, err := transforms.NewPseudonymiser([]byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = "'" + p.Pseudonym(domain, id) + "'"
	}
	return strings.Join(quoted, ", ")
}

// numberedIDs returns prefix01, prefix02, ... up to n.
func numberedIDs(prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s%02d", prefix, i+1)
	}
	return ids
}

// checkGoldenCases runs each case's query against the warehouse built from
// the golden case in dir and compares it with the expected file, in a
// subtest named after that file. Pseudonyms of the fixture's record ids
// are read back as the ids, as ids reads back the children and staff.
func checkGoldenCases(t *testing.T, db *sql.DB, ids map[string]string, dir string, cases []goldenCase) {
	t.Helper()
	ids = withFixtureIDs(t, ids, dir)
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.expected, ".csv"), func(t *testing.T) {
			want := readCSV(t, filepath.Join(dir, "expected", c.expected))
			got := queryCSV(t, db, ids, c.query)
			if c.bySet {
				sortRecords(want[1:])
				sortRecords(got[1:])
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s differs (-want +got):\n%s", c.expected, diff)
			}
		})
	}
}

// withFixtureIDs is ids and fixtureIDs(dir) in one new map.
func withFixtureIDs(t *testing.T, ids map[string]string, dir string) map[string]string {
	t.Helper()
	all := fixtureIDs(t, dir)
	maps.Copy(all, ids)
	return all
}

// queryCSV runs a query and renders it as CSV records, the columns named
// in idColumns translated back from pseudonyms through ids (each must hold
// one it knows), and every pseudonym ids knows in any other value too.
func queryCSV(t *testing.T, db *sql.DB, ids map[string]string, query string) [][]string {
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	out := [][]string{cols}
	values := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range values {
		ptrs[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		rec := make([]string, len(cols))
		for i, v := range values {
			switch x := v.(type) {
			case nil:
				rec[i] = ""
			case time.Time:
				rec[i] = x.Format(time.DateOnly)
			default:
				rec[i] = fmt.Sprint(x)
			}
			if idColumns[cols[i]] {
				id, ok := ids[rec[i]]
				if !ok {
					t.Fatalf("unknown pseudonym %q in column %s", rec[i], cols[i])
				}
				rec[i] = id
			} else {
				rec[i] = revealIDs(rec[i], ids)
			}
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// TestGoldenReviewTimeliness checks the review marts against values worked
// out by hand: testdata/golden/review_timeliness/README.md shows the working.
func TestGoldenReviewTimeliness(t *testing.T) {
	const dir = "../testdata/golden/review_timeliness"
	db := goldenWarehouse(t, dir, "2024-06-30")
	ids := goldenIDs(t, numberedIDs("C", 13), nil)
	checkGoldenCases(t, db, ids, dir, []goldenCase{
		{expected: "lac_review_timeliness.csv", bySet: true, query: `
			SELECT review_id, person_id AS person, sequence_number, due_date, held_date, days_late, on_time, reporting_year
			FROM marts.lac_review_timeliness`},
		{expected: "lac_reviews_overdue.csv", bySet: true, query: `
			SELECT as_at_date, o.person_id AS person, next_review_number, next_due_date, overdue, days_overdue
			FROM marts.lac_reviews_overdue o ORDER BY as_at_date, person_id`},
		{expected: "board_kpis.csv", query: `
			SELECT reporting_year, kpi_code, numerator, denominator
			FROM marts.board_kpis WHERE area IN ('reviews', 'participation') ORDER BY reporting_year, sort_order`},
		{expected: "quarantine.csv", bySet: true, query: `
			SELECT table_name, record_key, rule FROM ops.quarantine`},
	})
}

func sortRecords(recs [][]string) { slices.SortFunc(recs, slices.Compare) }
