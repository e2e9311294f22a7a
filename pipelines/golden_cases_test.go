package pipelines

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"carewh/canonical"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
)

// goldenRoot holds the golden cases: one folder each, with its source
// files, hand-worked expected results and a README showing the working.
const goldenRoot = "../testdata/golden"

// goldenSpec is a golden case's golden.yaml: how to build it, and the
// failure it must end in, if it is one.
type goldenSpec struct {
	AsOf         string `yaml:"as_of"`
	HistoryStart string `yaml:"history_start"`
	// Error, when set, is text the run's error must hold: the case checks
	// that a source fails as it should, and has no queries.
	Error string `yaml:"error"`
}

// TestGoldenCases builds every golden case that has a golden.yaml and
// compares each queries/NAME.sql, run against its warehouse, with
// expected/NAME.csv (as a set when the query's first line says
// "-- compare: as a set"). Every expected file must have its query.
// Cases that need more than this (several sources, several runs) keep a
// test of their own.
func TestGoldenCases(t *testing.T) {
	specs, err := filepath.Glob(filepath.Join(goldenRoot, "*", "golden.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) < 7 {
		t.Fatalf("%d golden cases found: the walk found too few", len(specs))
	}
	for _, path := range specs {
		dir := filepath.Dir(path)
		t.Run(filepath.Base(dir), func(t *testing.T) { runGoldenCase(t, dir) })
	}
}

// runGoldenCase builds the golden case in dir as its golden.yaml says and
// checks its queries, or the failure it expects.
func runGoldenCase(t *testing.T, dir string) {
	t.Helper()
	spec := readGoldenSpec(t, filepath.Join(dir, "golden.yaml"))
	cfg := testConfig(t, filepath.Join(dir, "source"), spec.AsOf)
	cfg.Source.HistoryStart = spec.HistoryStart
	if spec.Error != "" {
		_, err := (&Runner{Config: cfg, Models: sqlfiles.Files, Getenv: testEnv}).Run(context.Background())
		if err == nil || !strings.Contains(err.Error(), spec.Error) {
			t.Fatalf("the run should fail saying %q; it ended with %v", spec.Error, err)
		}
		return
	}
	runPipeline(t, cfg)
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkGoldenCases(t, db, nil, dir, goldenQueries(t, dir))
}

func readGoldenSpec(t *testing.T, path string) goldenSpec {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var spec goldenSpec
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&spec); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if spec.AsOf == "" {
		t.Fatalf("%s: as_of is required", path)
	}
	return spec
}

// goldenQueries reads a case's queries, one per expected file.
func goldenQueries(t *testing.T, dir string) []goldenCase {
	t.Helper()
	files, err := fs.Glob(os.DirFS(dir), "queries/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		cases = append(cases, goldenCase{
			expected: strings.TrimSuffix(filepath.Base(f), ".sql") + ".csv",
			bySet:    strings.HasPrefix(text, "-- compare: as a set\n"),
			query:    withPseudonyms(t, text),
		})
	}
	expected, _ := fs.Glob(os.DirFS(dir), "expected/*.csv")
	for _, e := range expected {
		if !slices.ContainsFunc(cases, func(c goldenCase) bool { return c.expected == filepath.Base(e) }) {
			t.Errorf("%s has no query in queries/", e)
		}
	}
	if len(cases) == 0 {
		t.Fatal("no queries")
	}
	return cases
}

// pseudonymsOf is "{{domain: id, id …}}" in a golden query: the ids'
// pseudonyms, as SQL string literals, for picking rows by case-system id.
var pseudonymsOf = regexp.MustCompile(`\{\{(\w+):([^}]*)\}\}`)

func withPseudonyms(t *testing.T, query string) string {
	t.Helper()
	return pseudonymsOf.ReplaceAllStringFunc(query, func(m string) string {
		parts := pseudonymsOf.FindStringSubmatch(m)
		var ids []string
		for _, id := range strings.Split(parts[2], ",") {
			ids = append(ids, strings.TrimSpace(id))
		}
		return pseudonymList(t, canonical.Identifier(parts[1]), ids...)
	})
}

// TestGoldenCaseExpectingFailure: a golden case can expect its run to fail
// (golden.yaml's error), so a fixture of a source that must be refused is
// a folder like any other; here the audit fixture with a person file whose
// header names a column twice.
func TestGoldenCaseExpectingFailure(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "source"), os.DirFS(filepath.Join(goldenRoot, "audit", "source"))); err != nil {
		t.Fatal(err)
	}
	person := filepath.Join(dir, "source", "ssd_person.csv")
	data, err := os.ReadFile(person)
	if err != nil {
		t.Fatal(err)
	}
	header, rest, _ := strings.Cut(string(data), "\n")
	if err := os.WriteFile(person, []byte(header+",pers_dob\n"+rest), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "golden.yaml"), []byte("as_of: \"2024-06-30\"\nerror: \"appears twice\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runGoldenCase(t, dir)
}
