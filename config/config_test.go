package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"carewh/canonical"
)

// load writes body to a config file and loads it.
func load(t *testing.T, body string) (*Config, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "carewh.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return Load(path)
}

func TestDefault(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"version", c.Version, 1},
		{"data_dir", c.DataDir, "./carewh-data"},
		{"source.kind", c.Source.Kind, "synthetic"},
		{"source.path", c.Source.Path, "./carewh-data/source"},
		{"source.synthetic", c.Source.Synthetic, Synthetic{Seed: 1, Scale: 1}},
		{"source.batch_rows", c.Source.BatchRows, 65536},
		{"privacy.demo_key_file", c.Privacy.DemoKeyFile, true},
		{"privacy.keep_upn", c.Privacy.KeepUPN, false},
		{"reporting.year_start_month", c.Reporting.YearStartMonth, 4},
		{"reporting.midpoint_min_interval_days", c.Reporting.MidpointMinIntervalDays, 42},
		{"reporting.looked_after_min_days", c.Reporting.LookedAfterMinDays, 28},
		{"reporting.participation_min_age", c.Reporting.ParticipationMinAge, 4},
		{"duckdb", c.DuckDB, DuckDB{MemoryLimit: "2GB", Threads: 2, TempDir: filepath.Join("carewh-data", "tmp")}},
		{"rag.amber_tolerance", c.RAG.AmberTolerance, 0.05},
		{"iro.caseload_max", c.IRO.CaseloadMax, 70},           // IRO Handbook: 50–70
		{"adoption.a3_wait_days", c.Adoption.A3WaitDays, 426}, // 14 months
		{"lake", c.LakeDir(), filepath.Join("carewh-data", "lake")},
		{"warehouse", c.WarehousePath(), filepath.Join("carewh-data", "warehouse.duckdb")},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %#v, want %#v", ch.name, ch.got, ch.want)
		}
	}
	// The built-in mappings are loaded, and found whatever the case and
	// spacing of the description.
	for _, m := range []struct{ list, description, code string }{
		{"REC", "Adopted - consent dispensed with by the court", "E12"},
		{"REC", "  adopted -  CONSENT dispensed with by the court ", "E12"},
		{"RNE", "started to be looked after", "S"},
		{"PN", "Child aged under 4 at the time of the review", "PN0"},
		{"HEALTH_CHECK", "DENTAL CHECK", "dental"},
		{"STAFF_ROLE", "iro", "iro"},
	} {
		if code, ok := c.Mappings.Code(m.list, m.description); !ok || code != m.code {
			t.Errorf("Mappings.Code(%s, %q) = %q, %v; want %s", m.list, m.description, code, ok, m.code)
		}
	}
	if code, ok := c.Mappings.Code("REC", "Adopted"); ok {
		t.Errorf("Mappings.Code(REC, Adopted) = %q, want no mapping", code)
	}
}

// TestLoad reads a file's settings over the defaults.
func TestLoad(t *testing.T) {
	c, err := load(t, `
version: 1
data_dir: /srv/carewh
source:
  kind: ssdcsv
  path: /srv/export
  batch_rows: 1000
  columns:
    cla_reviews:
      review_date: clar_review_dt
reporting:
  as_of: 2025-03-31
  year_start_month: 9
privacy:
  keep_upn: true
targets:
  LAC_REVIEWS_ON_TIME: {target: 0.9}
mappings:
  REC:
    "  Went Home ": E4A
    "Died": E8
`)
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/srv/carewh" || c.Source.Kind != "ssdcsv" || c.Source.Path != "/srv/export" || c.Source.BatchRows != 1000 {
		t.Errorf("source settings %+v, data_dir %s", c.Source, c.DataDir)
	}
	if c.Source.Columns["cla_reviews"]["review_date"] != "clar_review_dt" {
		t.Errorf("source.columns = %v", c.Source.Columns)
	}
	if c.Reporting.YearStartMonth != 9 || c.Reporting.MidpointMinIntervalDays != 42 || !c.Privacy.KeepUPN {
		t.Errorf("reporting %+v, privacy %+v", c.Reporting, c.Privacy)
	}
	if c.DuckDB.TempDir != filepath.Join("/srv/carewh", "tmp") || c.LakeDir() != "/srv/carewh/lake" {
		t.Errorf("folders under data_dir: %+v, lake %s", c.DuckDB, c.LakeDir())
	}
	if c.Targets["LAC_REVIEWS_ON_TIME"].Target != 0.9 {
		t.Errorf("targets %v", c.Targets)
	}
	for _, m := range []struct{ description, code string }{
		{"went home", "E4A"},                       // the council's own
		{"DIED", "E8"},                             // the council's, over the built-in E2
		{"Child moved abroad", "E16"},              // built-in, kept
		{"care ceased for any other reason", "E8"}, // built-in, kept
	} {
		if code, ok := c.Mappings.Code("REC", m.description); !ok || code != m.code {
			t.Errorf("Mappings.Code(REC, %q) = %q, %v; want %s", m.description, code, ok, m.code)
		}
	}
	if got := c.AsOfDate(time.Now()); !got.Equal(time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("AsOfDate = %s", got)
	}
}

func TestAsOfDateToday(t *testing.T) {
	c := &Config{}
	now := time.Date(2025, 7, 1, 23, 30, 0, 0, time.FixedZone("BST", 3600))
	if got := c.AsOfDate(now); !got.Equal(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("AsOfDate(%s) = %s, want the UTC date 2025-07-01", now, got)
	}
	now = time.Date(2025, 7, 2, 0, 30, 0, 0, time.FixedZone("BST", 3600)) // still 1 July in UTC
	if got := c.AsOfDate(now); !got.Equal(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("AsOfDate(%s) = %s, want the UTC date 2025-07-01", now, got)
	}
}

// TestLoadErrors: each bad file fails with every problem it has, each
// named by its path in the file (or its line, for YAML errors).
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string // each in the error
		n    int      // problems joined, when validation found them
	}{
		{
			name: "unknown key",
			body: "version: 1\nsource:\n  kind: ssdcsv\n  colums: {}\n",
			want: []string{"carewh.yaml", "line 4", "colums"},
		},
		{
			name: "unknown keys, each with its line",
			body: "version: 1\nreporting:\n  year_start: 4\nprivacy:\n  keep_upns: true\n",
			want: []string{"line 3", "year_start", "line 5", "keep_upns"},
		},
		{
			name: "unknown top-level key",
			body: "version: 1\n\n\nhmac_key: secret\n",
			want: []string{"line 4", "hmac_key"},
		},
		{
			name: "wrong type",
			body: "version: 1\nreporting:\n  year_start_month: April\n",
			want: []string{`line 3: reporting.year_start_month: "April" is not a whole number`},
			n:    1, // not also "must be 1–12, got 0" for the value left empty
		},
		{
			name: "a target or headline for no KPI",
			body: "version: 1\ntargets:\n  LAC_REVIEW_ON_TIME: {target: 0.9}\nreporting:\n  headline_kpis: [LAC_REVIEWS_ON_TIME, NOPE]\n",
			want: []string{"line 3: targets.LAC_REVIEW_ON_TIME: no such KPI (the KPIs are: ", "LAC_REVIEWS_ON_TIME, ",
				`line 5: reporting.headline_kpis: item 2: no such KPI "NOPE"`},
			n: 2,
		},
		{
			name: "a slip of the keyboard",
			body: "version: 1\ndata_dri: /srv/carewh\nsource:\n  knd: ssdcsv\n",
			want: []string{`line 2: unknown key "data_dri" (did you mean "data_dir"?)`, `line 4: unknown key "source.knd" (did you mean "kind"?)`},
			n:    2,
		},
		{
			name: "unknown keys do not hide value errors",
			body: "version: 1\nduckdb:\n  memory_limt: 2GB\n  threads: -1\nreporting:\n  year_start_month: 13\n",
			want: []string{`line 3: unknown key "duckdb.memory_limt" (did you mean "memory_limit"?)`,
				"duckdb.threads: must be at least 1, got -1", "reporting.year_start_month: must be 1–12, got 13"},
			n: 3,
		},
		{
			name: "a list where a value belongs",
			body: "version: 1\nsource:\n  batch_rows: [1, 2]\n",
			want: []string{"line 3: source.batch_rows: "},
			n:    1,
		},
		{
			name: "wrong version",
			body: "version: 2\ndata_dir: x\n",
			want: []string{"version: must be 1, got 2"},
		},
		{
			name: "no version",
			body: "data_dir: x\n",
			want: []string{"version: must be 1, got 0"},
		},
		{
			name: "not YAML",
			body: "version: [1\n",
			want: []string{"carewh.yaml"},
		},
		{
			name: "several problems at once",
			body: `version: 1
source:
  kind: oracle
  batch_rows: -5
  synthetic: {scale: -1}
reporting:
  as_of: 31/03/2025
  year_start_month: 13
  midpoint_min_interval_days: -1
  looked_after_min_days: -2
duckdb:
  threads: -1
calendar:
  bank_holidays: /no/such/holidays.csv
rag:
  amber_tolerance: -0.5
`,
			want: []string{
				`source.kind: unknown source "oracle"`,
				"source.synthetic.scale: must be at least 1, got -1",
				"source.batch_rows: must be at least 1, got -5",
				`reporting.as_of: must be a date as YYYY-MM-DD, got "31/03/2025"`,
				"reporting.year_start_month: must be 1–12, got 13",
				"reporting.midpoint_min_interval_days: must not be negative",
				"reporting.looked_after_min_days: must not be negative",
				"duckdb.threads: must be at least 1, got -1",
				"calendar.bank_holidays: ",
				"/no/such/holidays.csv",
				"rag.amber_tolerance: must not be negative",
			},
			n: 10,
		},
		{
			name: "mapping to a code not in the list",
			body: "version: 1\nmappings:\n  LS:\n    Some order: C9\n  PN:\n    Was there: PN1\n",
			want: []string{`mappings.LS: `, `maps to "C9", which is not a LS code`},
			n:    1,
		},
		{
			name: "history_start not a date",
			body: "version: 1\nsource:\n  kind: ssdcsv\n  history_start: 01/04/2019\n",
			want: []string{`source.history_start: must be a date as YYYY-MM-DD, got "01/04/2019"`},
			n:    1,
		},
		{
			name: "history_start on an SSDA903 source",
			body: "version: 1\nsource:\n  kind: ssda903\n  history_start: 2019-04-01\n",
			want: []string{"source.history_start: applies to SSD sources only: the ssda903 source takes its coverage from its collection years"},
			n:    1,
		},
		{
			name: "mapping for a list that does not exist",
			body: "version: 1\nmappings:\n  PLACEMENT:\n    Foster: U4\n",
			want: []string{"mappings.PLACEMENT: no such code list"},
			n:    1,
		},
		{
			name: "source.columns naming an unknown table and column",
			body: "version: 1\nsource:\n  columns:\n    cla_reviewz: {review_date: x}\n    cla_reviews: {review_dat: y, review_date: z}\n",
			want: []string{
				`source.columns.cla_reviewz: no canonical table "cla_reviewz"`,
				`source.columns.cla_reviews.review_dat: table cla_reviews has no column "review_dat"`,
			},
			n: 2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := load(t, tc.body)
			if err == nil {
				t.Fatalf("loaded %+v", c)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			if tc.n > 0 {
				var joined interface{ Unwrap() []error }
				if !errors.As(err, &joined) || len(joined.Unwrap()) != tc.n {
					t.Errorf("want %d joined problems, got:\n%v", tc.n, err)
				}
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "reading config") {
		t.Errorf("err = %v", err)
	}
}

// TestValidateReportsPathsInOrder checks each problem is one line,
// prefixed by its path, so a user can fix them top to bottom.
func TestValidateReportsPathsInOrder(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	c.Reporting.YearStartMonth = 0
	c.DuckDB.Threads = 0
	c.DuckDB.MemoryLimit = "2 gigs"
	c.Source.Columns = map[string]map[string]string{"zz": {}, "aa": {}}
	err = c.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	got := strings.Split(err.Error(), "\n")
	want := []string{"source.columns.aa: ", "source.columns.zz: ", "reporting.year_start_month: ",
		`duckdb.memory_limit: "2 gigs" is not a size DuckDB reads`, "duckdb.threads: "}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%v\nwant %d", err, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d = %q, want it to start %q", i, got[i], want[i])
		}
	}
}

func TestNormaliseDescription(t *testing.T) {
	for in, want := range map[string]string{
		"Started to be looked after":        "started to be looked after",
		"  STARTED   to be\tlooked after\n": "started to be looked after",
		"":                                  "",
		"   ":                               "",
	} {
		if got := NormaliseDescription(in); got != want {
			t.Errorf("NormaliseDescription(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBuiltinMappings: every built-in description maps to a code spelled
// as its list spells it, and no two descriptions that normalise alike map
// to different codes (the later would silently win).
func TestBuiltinMappings(t *testing.T) {
	var raw map[string]map[string]string
	if err := yaml.Unmarshal(mappingsYAML, &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw) == 0 {
		t.Fatal("no built-in mappings")
	}
	for list, descriptions := range raw {
		if _, ok := canonical.CodeLists[list]; !ok {
			t.Errorf("%s: no such code list", list)
			continue
		}
		seen := map[string]string{}
		for description, code := range descriptions {
			if spelt, ok := canonical.LookupCode(list, code); !ok || spelt != code {
				t.Errorf("%s: %q maps to %q, not a code as the list spells it", list, description, code)
			}
			n := NormaliseDescription(description)
			if other, ok := seen[n]; ok && other != code {
				t.Errorf("%s: %q maps to both %s and %s", list, n, other, code)
			}
			seen[n] = code
		}
	}
}

// TestCINHeadlines: a CIN census source leads with the child protection
// KPIs it can give; a headline list in the file is kept whatever the source.
func TestCINHeadlines(t *testing.T) {
	c, err := load(t, "version: 1\nsource:\n  kind: cincensus\n  path: x\n")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Reporting.HeadlineKPIs, DefaultCINHeadlineKPIs) {
		t.Errorf("headlines %v", c.Reporting.HeadlineKPIs)
	}
	c, err = load(t, "version: 1\nsource:\n  kind: cincensus\n  path: x\nreporting:\n  headline_kpis: [CP_REVIEWS_ON_TIME]\n")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Reporting.HeadlineKPIs, []string{"CP_REVIEWS_ON_TIME"}) {
		t.Errorf("headlines %v", c.Reporting.HeadlineKPIs)
	}
}
