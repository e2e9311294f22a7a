package pipelines

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/config"
	"carewh/pipelines/lake"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
)

// TestInputFingerprint: every byte of the source, the settings that shape
// the snapshot and the key each change the fingerprint; a database source
// has none.
func TestInputFingerprint(t *testing.T) {
	source := copyDir(t, "../testdata/golden/review_timeliness/source")
	cfg := testConfig(t, source, "2024-06-30")
	asOf := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	key := []byte(testKey)
	fp := func() string {
		t.Helper()
		got, _, err := lake.InputFingerprint(context.Background(), cfg, asOf, key, nil)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	base := fp()
	if len(base) != 64 {
		t.Fatalf("fingerprint %q is not a SHA-256", base)
	}
	if again := fp(); again != base {
		t.Fatalf("the same inputs gave %s, then %s", base, again)
	}
	steps := []struct {
		what   string
		change func()
	}{
		{"a review date edited", func() {
			editFile(t, filepath.Join(source, "ssd_cla_reviews.csv"), "R01-2,E01,CLA01,2023-10-03,2023-10-03", "R01-2,E01,CLA01,2023-10-03,2023-10-04")
		}},
		{"a file added", func() {
			if err := os.WriteFile(filepath.Join(source, "notes.txt"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"a code mapping added", func() {
			if cfg.Mappings == nil {
				cfg.Mappings = config.CodeMappings{}
			}
			cfg.Mappings["REC"] = map[string]string{"home for good": "E11"}
		}},
		{"UPNs kept", func() { cfg.Privacy.KeepUPN = !cfg.Privacy.KeepUPN }},
		{"another as-of date", func() { asOf = asOf.AddDate(0, 0, 1) }},
		{"another key", func() { key = append(key, 'x') }},
	}
	seen := map[string]string{base: "the original inputs"}
	for _, s := range steps {
		s.change()
		got := fp()
		if earlier, ok := seen[got]; ok {
			t.Errorf("after %s the fingerprint is that of %s", s.what, earlier)
		}
		seen[got] = s.what
	}
	if strings.Contains(fp(), testKey) {
		t.Error("the fingerprint shows the key")
	}

	cfg.Source.Kind = "ssddb"
	if got := fp(); got != "" {
		t.Errorf("a database source has fingerprint %q, want none", got)
	}
}

// TestUnchangedInputsSkipIngest: a run over the very files and settings of
// the last successful run reads nothing, records the same snapshot and
// carries the warehouse forward; rows merely reordered are read again and
// found unchanged.
func TestUnchangedInputsSkipIngest(t *testing.T) {
	source := copyDir(t, "../testdata/golden/review_timeliness/source")
	cfg := testConfig(t, source, "2024-06-30")
	first := runPipeline(t, cfg)
	if first.Inputs == "" {
		t.Fatal("the first run recorded no input fingerprint")
	}

	second, logs := runLogged(t, cfg)
	if second.Inputs != first.Inputs {
		t.Errorf("the same inputs fingerprinted %s, then %s", first.Inputs, second.Inputs)
	}
	if !strings.Contains(logs, "skipping ingest") || strings.Contains(logs, "table extracted") {
		t.Errorf("the second run did not skip ingest:\n%s", logs)
	}
	for name, s := range second.Tables {
		was := first.Tables[name]
		if s.Changed() || len(s.Files) != 0 || s.Rows != was.Rows || s.Quarantined != was.Quarantined || s.State != was.State {
			t.Errorf("%s carried forward as %+v, want the first run's rows, quarantine and state with no changes (%+v)", name, s, was)
		}
	}
	if len(second.Quarantine) != 1 || second.Quarantine[0] != first.Quarantine[0] {
		t.Errorf("quarantine carried forward as %v, want %v", second.Quarantine, first.Quarantine)
	}
	if second.WarehouseRebuilt {
		t.Error("a run with unchanged inputs rebuilt the warehouse")
	}
	if files := lakeDataFiles(t, cfg.LakeDir(), second.RunID); len(files) != 0 {
		t.Errorf("a run with unchanged inputs wrote %v", files)
	}
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var ledgered int
	if err := db.QueryRow(`SELECT count(*) FROM ops.runs WHERE run_id = ?`, second.RunID).Scan(&ledgered); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if ledgered != 1 {
		t.Errorf("ops.runs holds the skipping run %d times, want once", ledgered)
	}

	editFile(t, filepath.Join(source, "ssd_cla_reviews.csv"),
		"R01-1,E01,CLA01,2023-07-03,2023-07-03,N,PN1\nR01-2,E01,CLA01,2023-10-03,2023-10-03,N,PN2\n",
		"R01-2,E01,CLA01,2023-10-03,2023-10-03,N,PN2\nR01-1,E01,CLA01,2023-07-03,2023-07-03,N,PN1\n")
	third, logs := runLogged(t, cfg)
	if third.Inputs == second.Inputs || !strings.Contains(logs, "table extracted") {
		t.Errorf("reordered rows were not read again:\n%s", logs)
	}
	for name, s := range third.Tables {
		if s.Changed() {
			t.Errorf("reordering rows changed %s: %+v", name, s)
		}
	}
	if third.WarehouseRebuilt {
		t.Error("reordering rows rebuilt the warehouse")
	}
}

// runLogged is runPipeline, returning the run's logs too.
func runLogged(t *testing.T, cfg *config.Config) (lake.Manifest, string) {
	t.Helper()
	return runLoggedWith(t, cfg, func(*Runner) {})
}

// runLoggedWith is runLogged with the runner set up by setup first.
func runLoggedWith(t *testing.T, cfg *config.Config, setup func(*Runner)) (lake.Manifest, string) {
	t.Helper()
	var logs bytes.Buffer
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	r := &Runner{Config: cfg, Models: sqlfiles.Files, Getenv: testEnv, Mem: mem,
		Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	setup(r)
	m, err := r.Run(context.Background())
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	mem.AssertSize(t, 0)
	return m, logs.String()
}

// TestUnchangedFilesAreNotReadAgain: a first run reads each source file
// once, digesting it as ingest reads it, and fingerprints the files after
// ingest without reading any again; the next run, with the files as they
// were, reads none (their digests are kept in the lake) and skips ingest;
// a file edited since without changing its size is read again, alone,
// before ingest, in case it is as it was; a file whose size changed cannot
// be, so the run ingests straight away and reads nothing twice, and the
// run after it skips ingest reading nothing; --full reads every file again
// through ingest. The source is left alone for longer than the racy window
// before each run whose digests should be kept.
func TestUnchangedFilesAreNotReadAgain(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("digests are kept only where stat gives a change time (Linux)")
	}
	source := copyDir(t, "../testdata/golden/review_timeliness/source")
	entries, err := os.ReadDir(source)
	if err != nil {
		t.Fatal(err)
	}
	extracted := func(logs string) int { return strings.Count(logs, "table extracted") }
	time.Sleep(2100 * time.Millisecond)
	cfg := testConfig(t, source, "2024-06-30")

	first, logs := runLogged(t, cfg)
	if !strings.Contains(logs, "files_read=0") || extracted(logs) == 0 {
		t.Fatalf("the first run read files again after ingest, or ingested nothing:\n%s", logs)
	}
	want, _, err := lake.InputFingerprint(context.Background(), cfg, time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC), []byte(testKey), nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Inputs != want {
		t.Errorf("the first run fingerprinted its inputs %s from what ingest read; read afresh they are %s", first.Inputs, want)
	}
	if _, logs := runLogged(t, cfg); !strings.Contains(logs, "files_read=0") || !strings.Contains(logs, "skipping ingest") {
		t.Errorf("a run over unchanged files read some again, or did not skip ingest:\n%s", logs)
	}
	editFile(t, filepath.Join(source, "ssd_cla_reviews.csv"), "R01-2,E01,CLA01,2023-10-03,2023-10-03", "R01-2,E01,CLA01,2023-10-03,2023-10-04")
	time.Sleep(2100 * time.Millisecond)
	if m, logs := runLogged(t, cfg); !strings.Contains(logs, "files_read=1") || !m.Tables["cla_reviews"].Changed() {
		t.Errorf("after one file was edited in place the run did not read it alone, or missed the change:\n%s", logs)
	}
	editFile(t, filepath.Join(source, "ssd_cla_reviews.csv"), "R01-2,E01,CLA01,2023-10-03,2023-10-04", "R01-20,E01,CLA01,2023-10-03,2023-10-04")
	time.Sleep(2100 * time.Millisecond)
	if m, logs := runLogged(t, cfg); !strings.Contains(logs, "files_read=0") || !m.Tables["cla_reviews"].Changed() {
		t.Errorf("after a file changed size the run read files twice, or missed the change:\n%s", logs)
	}
	if _, logs := runLogged(t, cfg); !strings.Contains(logs, "files_read=0") || !strings.Contains(logs, "skipping ingest") {
		t.Errorf("the run after one that digested the files as it ingested them read some again, or did not skip ingest:\n%s", logs)
	}
	_, logs = runLoggedWith(t, cfg, func(r *Runner) { r.Full = true })
	if extracted(logs) != len(entries) || !strings.Contains(logs, "files_read=0") {
		t.Errorf("--full did not ingest every one of the %d files, or read some twice:\n%s", len(entries), logs)
	}

	// The files copied to another folder, one of them grown: the digest
	// cache knows nothing of the folder, but the last run's file sizes
	// show the inputs differ, so the run ingests straight away.
	moved := copyDir(t, source)
	editFile(t, filepath.Join(moved, "ssd_cla_reviews.csv"), "R01-20,E01,CLA01,2023-10-03,2023-10-04", "R01-200,E01,CLA01,2023-10-03,2023-10-04")
	cfg.Source.Path = moved
	m, logs := runLogged(t, cfg)
	if !strings.Contains(logs, "files_read=0") || !m.Tables["cla_reviews"].Changed() {
		t.Errorf("a grown file in a new folder was read twice, or its change missed:\n%s", logs)
	}
	sizes, err := lake.SourceSizes(moved)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(m.InputSizes, sizes) || len(sizes) != len(entries) {
		t.Errorf("the run recorded input sizes %v; the folder's are %v", m.InputSizes, sizes)
	}
}

// TestFileSourcesDigestWhatTheyRead: for each kind of file source, a first
// run fingerprints its inputs as a fresh read of every file would, reading
// again only the files its readers did not read whole (the 903 fixture's
// README and two return files carewh does not read; none of the census
// files).
func TestFileSourcesDigestWhatTheyRead(t *testing.T) {
	tests := []struct {
		kind, fixture, asOf string
		reread              int
	}{
		{"ssda903", ssda903Fixture, "2024-05-31", 3},
		{"cincensus", cinFixture, "2024-05-31", 0},
	}
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			cfg := sourceConfig(t, tc.kind, tc.fixture, tc.asOf)
			m, logs := runLogged(t, cfg)
			if want := regexp.MustCompile(fmt.Sprintf(`files_read=%d\b`, tc.reread)); !want.MatchString(logs) {
				t.Errorf("want %s:\n%s", want, logs)
			}
			asOf, err := time.Parse(time.DateOnly, m.AsOf)
			if err != nil {
				t.Fatal(err)
			}
			fresh, _, err := lake.InputFingerprint(context.Background(), cfg, asOf, []byte(testKey), nil)
			if err != nil {
				t.Fatal(err)
			}
			if m.Inputs != fresh {
				t.Errorf("the run fingerprinted its inputs %s; read afresh they are %s", m.Inputs, fresh)
			}
		})
	}
}
