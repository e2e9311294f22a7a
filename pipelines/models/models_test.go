package models

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func model(name, depends string) *fstest.MapFile {
	header := "-- model: " + name + "\n"
	if depends != "" {
		header += "-- depends: " + depends + "\n"
	}
	return &fstest.MapFile{Data: []byte(header + "SELECT 1 AS x\n")}
}

func names(models []Model) []string {
	out := make([]string, len(models))
	for i, m := range models {
		out[i] = m.Name
	}
	return out
}

func TestLoadModelsOrdersByDependencyThenName(t *testing.T) {
	fsys := fstest.MapFS{
		"marts/b.sql":   model("marts.b", "core.a, staging.z"),
		"marts/a.sql":   model("marts.a", "core.a"),
		"core/a.sql":    model("core.a", "staging.z, raw.person"),
		"staging/z.sql": model("staging.z", "raw.person"),
		"staging/y.sql": model("staging.y", ""),
	}
	models, err := Load(fsys, []string{"raw.person"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"staging.y", "staging.z", "core.a", "marts.a", "marts.b"}
	if diff := cmp.Diff(want, names(models)); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestLoadModelsReportsCycleMembers(t *testing.T) {
	fsys := fstest.MapFS{
		"core/a.sql":  model("core.a", "core.c"),
		"core/b.sql":  model("core.b", "core.a"),
		"core/c.sql":  model("core.c", "core.b"),
		"marts/d.sql": model("marts.d", "core.a"),
		"core/e.sql":  model("core.e", ""),
	}
	_, err := Load(fsys, nil)
	if err == nil {
		t.Fatal("want a cycle error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "cycle") {
		t.Errorf("error %q does not say cycle", msg)
	}
	for _, member := range []string{"core.a", "core.b", "core.c"} {
		if !strings.Contains(msg, member) {
			t.Errorf("error %q does not name cycle member %s", msg, member)
		}
	}
	if strings.Contains(msg, "marts.d") || strings.Contains(msg, "core.e") {
		t.Errorf("error %q names a model outside the cycle", msg)
	}
}

func TestLoadModelsErrors(t *testing.T) {
	cases := []struct {
		name string
		fsys fstest.MapFS
		want []string
	}{
		{"missing dependency", fstest.MapFS{"core/a.sql": model("core.a", "core.nope")},
			[]string{"core.a", "core/a.sql", "core.nope"}},
		{"defined twice", fstest.MapFS{"core/a.sql": model("core.a", ""), "core/b.sql": model("core.a", "")},
			[]string{"core.a", "core/a.sql", "core/b.sql"}},
		{"no header", fstest.MapFS{"core/a.sql": {Data: []byte("SELECT 1")}},
			[]string{"core/a.sql", "-- model:"}},
		{"wrong folder", fstest.MapFS{"core/a.sql": model("marts.a", "")},
			[]string{"core/a.sql", "marts folder"}},
		{"bad materialize", fstest.MapFS{"core/a.sql": {Data: []byte("-- model: core.a\n-- materialize: heap\nSELECT 1")}},
			[]string{"core/a.sql", "heap"}},
		{"bad check", fstest.MapFS{"core/a.sql": {Data: []byte("-- model: core.a\n-- check: sometimes(x)\nSELECT 1")}},
			[]string{"core/a.sql line 2", "sometimes"}},
		{"no SQL", fstest.MapFS{"core/a.sql": {Data: []byte("-- model: core.a\n")}},
			[]string{"core/a.sql", "no SQL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.fsys, nil)
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestParseModelHeader(t *testing.T) {
	text := `-- model: marts.x
-- depends: core.a, core.b
-- materialize: view
-- description: First part.
-- description: Second part.
-- check: unique(a, b)
-- warn: expect(a < 10)
-- a plain comment
SELECT a, b
FROM core.a;
`
	m, err := parseModel("marts/x.sql", text)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "marts.x" || m.Materialize != "view" || m.Description != "First part. Second part." {
		t.Errorf("header = %+v", m)
	}
	if diff := cmp.Diff([]string{"core.a", "core.b"}, m.Depends); diff != "" {
		t.Error(diff)
	}
	if len(m.Checks) != 2 || !m.Checks[0].Blocking || m.Checks[1].Blocking {
		t.Errorf("checks = %+v", m.Checks)
	}
	if m.SQL != "SELECT a, b\nFROM core.a" {
		t.Errorf("SQL = %q", m.SQL)
	}
}

func TestCheckQueries(t *testing.T) {
	cases := []struct{ decl, want string }{
		{"unique(a, b)", "SELECT count(*) FROM (SELECT a, b FROM m GROUP BY ALL HAVING count(*) > 1)"},
		{"not_null(a, b)", "SELECT count(*) FROM m m WHERE m.a IS NULL OR m.b IS NULL"},
		{"accepted_values(rag: green, amber)", "SELECT count(*) FROM m m WHERE m.rag IS NOT NULL AND m.rag::VARCHAR NOT IN ('green', 'amber')"},
		{"relationship(p -> core.x.id)", "SELECT count(*) FROM m m ANTI JOIN core.x t ON t.id = m.p WHERE m.p IS NOT NULL"},
		{"relationship(p -> staging.person.person_id or quarantined)", "SELECT count(*) FROM m m ANTI JOIN staging.person t ON t.person_id = m.p" +
			" ANTI JOIN (SELECT record_key FROM raw.quarantine WHERE table_name = 'person') q ON q.record_key = m.p::VARCHAR WHERE m.p IS NOT NULL"},
		{"expect(n <= d)", "SELECT count(*) FROM m m WHERE NOT coalesce((n <= d), false)"},
	}
	for _, c := range cases {
		check, err := ParseCheck(c.decl, false)
		if err != nil {
			t.Fatalf("%s: %v", c.decl, err)
		}
		if got := check.Query("m"); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.decl, got, c.want)
		}
	}
	for _, bad := range []string{"unique()", "accepted_values(x)", "relationship(a -> b)", "nope(x)", "unique"} {
		if _, err := ParseCheck(bad, false); err == nil {
			t.Errorf("%s: want an error", bad)
		}
	}
}

// TestCountBreaksInOneScan: checks on each row alone are counted together,
// a column each, with the condition their own query counts; unique,
// relationship and an expect with a subquery are not.
func TestCountBreaksInOneScan(t *testing.T) {
	var perRow []Check
	for decl, want := range map[string]bool{
		"not_null(a, b)":                      true,
		"accepted_values(rag: green, amber)":  true,
		"expect(n <= d)":                      true,
		"expect(n IN (SELECT n FROM core.x))": false,
		"unique(a)":                           false,
		"relationship(p -> core.x.id)":        false,
	} {
		c, err := ParseCheck(decl, false)
		if err != nil {
			t.Fatal(err)
		}
		if c.PerRow() != want {
			t.Errorf("%s: PerRow = %v, want %v", decl, c.PerRow(), want)
		}
		if want {
			perRow = append(perRow, c)
		}
	}
	got := CountBreaks("m", perRow)
	parts := make([]string, len(perRow))
	for i, c := range perRow {
		_, cond, _ := strings.Cut(c.Query("m"), " WHERE ")
		parts[i] = "count(*) FILTER (WHERE " + cond + ")"
	}
	if want := "SELECT " + strings.Join(parts, ", ") + " FROM m m"; got != want {
		t.Errorf("CountBreaks:\n got %s\nwant %s", got, want)
	}
}

// TestParseMacro: a macro model keeps its parameter list and body as its
// SQL (the build prefixes CREATE MACRO and the name) and may not have
// checks, holding no rows.
func TestParseMacro(t *testing.T) {
	m, err := parseModel("macros/age_on.sql", "-- model: core.age_on\n-- materialize: macro\n(dob, d) AS year(d) - year(dob);\n")
	if err != nil {
		t.Fatal(err)
	}
	if m.Materialize != "macro" || m.SQL != "(dob, d) AS year(d) - year(dob)" {
		t.Errorf("parsed %q as %q", m.Materialize, m.SQL)
	}
	_, err = parseModel("macros/age_on.sql", "-- model: core.age_on\n-- materialize: macro\n-- check: not_null(x)\n(dob, d) AS 1\n")
	if err == nil || !strings.Contains(err.Error(), "macro core.age_on has checks") {
		t.Errorf("a macro with a check: %v", err)
	}
	for file, header := range map[string]string{
		"core/age_on.sql":  "-- model: core.age_on\n-- materialize: macro\n",
		"macros/table.sql": "-- model: core.table\n",
	} {
		_, err = parseModel(file, header+"(d) AS d\n")
		if err == nil || !strings.Contains(err.Error(), "macros, and only macros, live in the macros folder") {
			t.Errorf("%s: %v", file, err)
		}
	}
}

// TestUnknownHeaderKey: a misspelt header key is an error naming the file
// and line, not a header silently lost.
func TestUnknownHeaderKey(t *testing.T) {
	_, err := parseModel("marts/x.sql", "-- model: marts.x\n-- depnds: core.a\nSELECT 1\n")
	if err == nil || !strings.Contains(err.Error(), `marts/x.sql line 2: unknown header key "depnds"`) {
		t.Errorf("got %v", err)
	}
}

func TestParseIncrementalHeader(t *testing.T) {
	for _, c := range []struct {
		header, key string
		declared    bool
		err         string
	}{
		{"", "", false, ""},
		{"-- incremental: person_id\n", "person_id", true, ""},
		{"-- incremental: none, totals per year\n", "", true, ""},
		{"-- incremental: none\n", "", true, "none, <why"},
		{"-- incremental: review_id\n", "", true, `got "review_id"`},
	} {
		m, err := parseModel("marts/x.sql", "-- model: marts.x\n-- materialize: table\n"+c.header+"SELECT 1 AS person_id\n")
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: error %v, want one saying %q", c.header, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.header, err)
		case c.err == "" && (m.Incremental != c.key || m.Declared != c.declared):
			t.Errorf("%q: incremental %q declared %v, want %q %v", c.header, m.Incremental, m.Declared, c.key, c.declared)
		}
	}
	if m, err := parseModel("marts/x.sql", "-- model: marts.x\n-- materialize: view\n-- incremental: person_id\nSELECT 1 AS person_id"); err != nil || m.Incremental != IncrementalKey {
		t.Errorf("a view keyed by child: %v, incremental %q", err, m.Incremental)
	}
	_, err := parseModel("macros/x.sql", "-- model: core.x\n-- materialize: macro\n-- incremental: person_id\n(d) AS d")
	if err == nil || !strings.Contains(err.Error(), "macro core.x holds no rows") {
		t.Errorf("a macro declared incremental: %v", err)
	}
}

func TestParseBuildInSlicesHeader(t *testing.T) {
	for _, c := range []struct {
		header   string
		inSlices bool
		err      string
	}{
		{"-- materialize: table\n-- incremental: person_id\n", false, ""},
		{"-- materialize: table\n-- incremental: person_id\n-- build: in slices of children\n-- check: not_null(person_id)\n", true, ""},
		{"-- materialize: table\n-- incremental: person_id\n-- build: in slices of children\n", false, "needs the check not_null(person_id)"},
		{"-- materialize: table\n-- incremental: person_id\n-- build: in slices of children\n-- warn: not_null(person_id)\n", false, "needs the check not_null(person_id)"},
		{"-- materialize: table\n-- incremental: person_id\n-- build: in slices\n", false, `build must be "in slices of children"`},
		{"-- materialize: table\n-- incremental: none, totals\n-- build: in slices of children\n", false, "only a table keyed by child"},
		{"-- materialize: view\n-- incremental: person_id\n-- build: in slices of children\n", false, "only a table keyed by child"},
	} {
		m, err := parseModel("marts/x.sql", "-- model: marts.x\n"+c.header+"SELECT 1 AS person_id\n")
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: error %v, want one saying %q", c.header, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.header, err)
		case c.err == "" && m.InSlices != c.inSlices:
			t.Errorf("%q: in slices %v, want %v", c.header, m.InSlices, c.inSlices)
		}
	}
}

func TestNamesEveryChild(t *testing.T) {
	for header, want := range map[string]bool{
		"-- incremental: person_id\n-- check: not_null(person_id)\n":                              true,
		"-- incremental: person_id\n-- check: not_null(review_id, person_id)\n":                   true,
		"-- incremental: person_id\n":                                                             false,
		"-- incremental: person_id\n-- warn: not_null(person_id)\n":                               false,
		"-- incremental: person_id\n-- check: not_null(review_id)\n":                              false,
		"-- incremental: none, totals\n-- check: not_null(person_id)\n":                           false,
		"-- check: not_null(person_id)\n":                                                         false,
		"-- incremental: person_id\n-- check: unique(person_id)\n-- check: not_null(person_id)\n": true,
	} {
		m, err := parseModel("marts/x.sql", "-- model: marts.x\n-- materialize: table\n"+header+"SELECT 1 AS person_id, 2 AS review_id\n")
		if err != nil {
			t.Errorf("%q: %v", header, err)
			continue
		}
		if got := m.NamesEveryChild(); got != want {
			t.Errorf("%q: names every child %v, want %v", header, got, want)
		}
	}
}
