package pipelines

import (
	"carewh/pipelines/warehouse"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyDir copies a golden case's source folder so a test can change it.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

// editFile replaces old with new in a source file, failing if old is absent.
func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lakeDataFiles lists the data files (tables and quarantine, not the
// key/hash state) a run wrote to the lake.
func lakeDataFiles(t *testing.T, lakeDir, runID string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(lakeDir, "*", "run="+runID, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var data []string
	for _, f := range files {
		if !strings.HasPrefix(filepath.Base(filepath.Dir(filepath.Dir(f))), "_") {
			data = append(data, f)
		}
	}
	return data
}

// TestChangeDetection runs the pipeline three times over one source: the
// second run finds nothing new and writes no data file; the third finds one
// review changed, one deleted and one added, writes only those, closes the
// history of the changed and deleted rows, and the as-known-at rebuild
// shows the data as the second run knew it.
func TestChangeDetection(t *testing.T) {
	source := copyDir(t, "../testdata/golden/review_timeliness/source")
	cfg := testConfig(t, source, "2024-06-30")

	first := runPipeline(t, cfg)
	if got := first.Tables["cla_reviews"]; got.Inserted != 37 || got.Updated+got.Deleted != 0 || len(got.Files) != 1 {
		t.Errorf("first run cla_reviews = %+v, want 37 inserts in one file", got)
	}

	second := runPipeline(t, cfg)
	for name, s := range second.Tables {
		if s.Changed() || len(s.Files) != 0 {
			t.Errorf("second run found changes in %s: %+v", name, s)
		}
		if s.State != first.Tables[name].State {
			t.Errorf("second run wrote a new state for %s", name)
		}
	}
	if files := lakeDataFiles(t, cfg.LakeDir(), second.RunID); len(files) != 0 {
		t.Errorf("a run with no changes wrote %v", files)
	}
	if second.WarehouseRebuilt {
		t.Error("a run with no changes rebuilt the warehouse")
	}

	reviews := filepath.Join(source, "ssd_cla_reviews.csv")
	editFile(t, reviews, "R04-2,E04,CLA04,,2023-08-24,N,PN7", "R04-2,E04,CLA04,,2023-08-25,N,PN1") // held a day late
	editFile(t, reviews, "R07-C,E07,CLA07,,2023-09-28,Y,\n", "")                                   // deleted
	editFile(t, reviews, "R13-4,E13B,CLA13,,2024-05-09,N,PN1\n", "R13-4,E13B,CLA13,,2024-05-09,N,PN1\nR12-1,E12,CLA12,,2024-05-30,N,PN1\n")
	third := runPipeline(t, cfg)
	got := third.Tables["cla_reviews"]
	if got.Inserted != 1 || got.Updated != 1 || got.Deleted != 1 || got.Rows != 37 {
		t.Errorf("third run cla_reviews = %+v, want 1 insert, 1 update, 1 delete of 37 rows", got)
	}
	for name, s := range third.Tables {
		if name != "cla_reviews" && s.Changed() {
			t.Errorf("third run found changes in %s: %+v", name, s)
		}
	}
	if files := lakeDataFiles(t, cfg.LakeDir(), third.RunID); len(files) != 1 || !strings.Contains(files[0], "cla_reviews") {
		t.Errorf("third run wrote %v, want one cla_reviews change file", files)
	}
	// every table's new state is written before it is compared; only the
	// changed table's stays
	states, err := os.ReadDir(filepath.Join(cfg.LakeDir(), "_state", "run="+third.RunID))
	if err != nil || len(states) != 1 || states[0].Name() != "cla_reviews.parquet" {
		t.Errorf("third run's state folder holds %v (%v), want cla_reviews.parquet alone", states, err)
	}

	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r042 := pseudonymList(t, "review", "R04-2") // the warehouse holds review ids pseudonymised
	var versions, open int
	var heldNow string
	if err := db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE valid_to IS NULL), strftime(max(review_date), '%Y-%m-%d')
		FROM core.cla_reviews_history WHERE review_id = `+r042).Scan(&versions, &open, &heldNow); err != nil {
		t.Fatal(err)
	}
	if versions != 2 || open != 1 || heldNow != "2023-08-25" {
		t.Errorf("R04-2 history: %d versions, %d open, latest %s; want 2, 1, 2023-08-25", versions, open, heldNow)
	}
	var deletedOpen int
	if err := db.QueryRow(`SELECT count(*) FROM core.cla_reviews_history
		WHERE review_id = ` + pseudonymList(t, "review", "R07-C") + ` AND change_type <> 'delete' AND valid_to IS NULL`).Scan(&deletedOpen); err != nil {
		t.Fatal(err)
	}
	if deletedOpen != 0 {
		t.Error("deleting R07-C at the source did not close its history")
	}
	var onTime bool
	if err := db.QueryRow(`SELECT on_time FROM marts.lac_review_timeliness WHERE review_id = ` + r042).Scan(&onTime); err != nil {
		t.Fatal(err)
	}
	if onTime {
		t.Error("R04-2, now held a day after its due date, is still on time")
	}
	db.Close()

	// Rebuild as the data was known after the second run.
	cfg.Reporting.KnownAt = second.Finished.Format("2006-01-02T15:04:05.999999999Z07:00")
	runPipeline(t, cfg)
	db, err = warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var held string
	var reviewsKnown int
	if err := db.QueryRow(`SELECT strftime(held_date, '%Y-%m-%d'), (SELECT count(*) FROM raw.cla_reviews)
		FROM marts.lac_review_timeliness WHERE review_id = `+r042).Scan(&held, &reviewsKnown); err != nil {
		t.Fatal(err)
	}
	if held != "2023-08-24" || reviewsKnown != 37 {
		t.Errorf("as known after run 2: R04-2 held %s with %d reviews, want 2023-08-24 and 37", held, reviewsKnown)
	}
}
