package pipelines

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"carewh/config"
	"carewh/internal/dbtest"
	"carewh/pipelines/duck"
	"carewh/pipelines/extract/synthetic"
	"carewh/pipelines/lake"
	"carewh/pipelines/warehouse"
)

// TestIncrementalBuildIsAFullBuild changes the default demo's source as
// nightly extracts do, twice, and after each run, which must have brought
// the last warehouse up to date rather than built it whole, builds the
// same run's warehouse whole from the same lake and compares the two table
// by table, row for row.
//
// The first change deletes a child, adds one, splits a period of care's
// episode in two, moves a review across a year end (31 March) and corrects
// a review's participation. The second changes a professional's team (a
// table whose rows name no child: what reads it is rebuilt whole), ends an
// IRO's involvement earlier, deletes a visit (a table whose rows take their
// child from the episode), moves a CP review and adds a placement whose
// episode is not in the extract (its child unknown: quarantined, and
// staging.cla_placements, which names every child, still goes by child).
func TestIncrementalBuildIsAFullBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo council five times")
	}
	src, cfg := demoSource(t)
	if m := runPipeline(t, cfg); m.WarehouseBuild != lake.BuildFull {
		t.Fatalf("first run built %q, want %q", m.WarehouseBuild, lake.BuildFull)
	}

	s := readCSVSource(t, src)
	s.deleteChild("C001P000007")
	s.addChildLike("C001P000012", "C009")
	splitEpisode(t, s)
	s.update(t, "ssd_cla_reviews.csv", func(rec []string) bool { return datePrefix(rec, 4, "2023-03-2", "2023-03-30") },
		map[string]string{"clar_cla_review_date": "2023-04-03 10:00:00.000"})
	s.update(t, "ssd_cla_reviews.csv", func(rec []string) bool { return rec[6] == "PN0" && datePrefix(rec, 4, "2024-") },
		map[string]string{"clar_cla_review_participation": "PN4"})
	s.save(t)
	assertIncrementalIsFull(t, cfg)

	s = readCSVSource(t, src)
	s.update(t, "ssd_professionals.csv", func(rec []string) bool { return true },
		map[string]string{"prof_professional_department": "Renamed team"})
	s.update(t, "ssd_involvements.csv", func(rec []string) bool { return rec[3] == "IRO" && rec[6] == "" },
		map[string]string{"invo_involvement_end_date": "2025-06-30 00:00:00.000"})
	visits := s.files["ssd_cla_visits.csv"]
	s.files["ssd_cla_visits.csv"] = slices.Delete(visits, len(visits)/2, len(visits)/2+1)
	s.update(t, "ssd_cp_reviews.csv", func(rec []string) bool { return datePrefix(rec, 3, "2024-") },
		map[string]string{"cppr_cp_review_date": "2025-01-06 00:00:00.000"})
	placements := s.files["ssd_cla_placement.csv"]
	orphan := slices.Clone(placements[1])
	orphan[s.column(t, "ssd_cla_placement.csv", "clap_cla_placement_id")] = "C001PL999999"
	orphan[s.column(t, "ssd_cla_placement.csv", "clap_cla_episode_id")] = "C001EP999999"
	s.files["ssd_cla_placement.csv"] = append(placements, orphan)
	s.save(t)
	assertIncrementalIsFull(t, cfg)
	builds := modelBuilds(t, cfg.WarehousePath())
	for model, want := range map[string]string{
		"staging.cla_placement_children": "rebuilt",
		"staging.cla_placements":         "changed children",
		"ops.quarantine":                 "rebuilt",
	} {
		if builds[model] != want {
			t.Errorf("%s was built %q in the second incremental run, want %q", model, builds[model], want)
		}
	}
}

// modelBuilds reads how the last run built each model (ops.model_runs).
func modelBuilds(t *testing.T, warehousePath string) map[string]string {
	t.Helper()
	db, err := duck.Open(warehousePath, config.DuckDB{MemoryLimit: "1GB", Threads: 2}, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, rows := dbtest.Values(t, db, "SELECT model, build FROM ops.model_runs")
	builds := map[string]string{}
	for _, r := range rows {
		builds[r[0].(string)] = r[1].(string)
	}
	return builds
}

// demoSource writes the default demo council's source (as at 30
// September 2025) to a folder of its own and returns it, with a test
// config reading it.
func demoSource(t *testing.T) (string, *config.Config) {
	t.Helper()
	src := t.TempDir()
	asOf := time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC)
	if _, err := synthetic.WriteDir(context.Background(), src, synthetic.Options{Seed: 1, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	return src, testConfig(t, src, asOf.Format(time.DateOnly))
}

// splitEpisode ends an episode of a looked-after child half way through
// (reason X1) and starts a new one there (reason P), ending as it did.
func splitEpisode(t *testing.T, s *csvSource) {
	t.Helper()
	const file = "ssd_cla_episodes.csv"
	const layout = "2006-01-02 15:04:05.000"
	for i, rec := range s.files[file][1:] {
		start, err1 := time.Parse(layout, rec[4])
		end, err2 := time.Parse(layout, rec[8])
		if err1 != nil || err2 != nil || start.Year() < 2021 || end.Sub(start) < 200*24*time.Hour || rec[9] == "" {
			continue
		}
		mid := start.Add(end.Sub(start) / 2).Format(layout)
		second := slices.Clone(rec)
		second[0], second[4], second[5] = rec[0]+"S", mid, "P"
		rec[8], rec[9] = mid, "X1"
		s.files[file] = slices.Insert(s.files[file], i+2, second)
		return
	}
	t.Fatal("no episode to split")
}

// assertIncrementalIsFull runs the pipeline, which must bring the
// warehouse up to date, then builds the run's warehouse whole from the same
// lake beside it and compares the two.
func assertIncrementalIsFull(t *testing.T, cfg *config.Config) {
	t.Helper()
	var build *warehouse.Build
	m, logs := runLoggedWith(t, cfg, func(r *Runner) { r.afterBuild = func(b *warehouse.Build) { build = b } })
	if m.WarehouseBuild != lake.BuildIncremental {
		t.Fatalf("run %s built %q, want %q; the run's log:\n%s", m.RunID, m.WarehouseBuild, lake.BuildIncremental, logs)
	}
	whole := *build
	fullCfg := *cfg
	fullCfg.DataDir = t.TempDir()
	whole.Config = &fullCfg
	if err := whole.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	compareWarehouses(t, cfg.WarehousePath(), fullCfg.WarehousePath())
}

// compareWarehouses fails the test for every table or view of the raw,
// staging, core, marts and ops schemas whose columns or rows differ
// between two warehouses, but the run ledger and the models' build times.
func compareWarehouses(t *testing.T, incremental, full string) {
	t.Helper()
	db, err := duck.Open("", config.DuckDB{MemoryLimit: "1GB", Threads: 2}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range []string{
		fmt.Sprintf("ATTACH %s AS inc (READ_ONLY)", duck.Quote(incremental)),
		fmt.Sprintf("ATTACH %s AS whole (READ_ONLY)", duck.Quote(full)),
	} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	_, tables := dbtest.Values(t, db, `SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE database_name = 'whole'
		UNION ALL SELECT schema_name || '.' || view_name FROM duckdb_views() WHERE database_name = 'whole' AND NOT internal
		ORDER BY 1`)
	skip := []string{"ops.runs", "ops.model_runs", "ops.build"} // finish and build times, the ledger's folder
	compared := 0
	for _, row := range tables {
		name := row[0].(string)
		if slices.Contains(skip, name) {
			continue
		}
		compared++
		if diff := tableDifference(t, db, name); diff != "" {
			t.Errorf("%s: %s", name, diff)
		}
	}
	if compared < 100 {
		t.Errorf("compared %d tables, want every table of the warehouse", compared)
	}
}

// tableDifference describes how a table differs between the attached
// warehouses inc and whole ("" when it does not).
func tableDifference(t *testing.T, db *sql.DB, name string) string {
	schema, table, _ := strings.Cut(name, ".")
	columns := func(database string) []string {
		_, rows := dbtest.Values(t, db, `SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? AND table_name = ?
			ORDER BY column_name`, database, schema, table)
		var out []string
		for _, r := range rows {
			out = append(out, duck.QuoteIdent(r[0].(string)))
		}
		return out
	}
	cols := columns("whole")
	if got := columns("inc"); !slices.Equal(got, cols) {
		return fmt.Sprintf("columns %v, a full build has %v", got, cols)
	}
	list := strings.Join(cols, ", ")
	var extra, missing int64
	err := db.QueryRow(fmt.Sprintf(`SELECT
		(SELECT count(*) FROM (SELECT %[1]s FROM inc.%[2]s EXCEPT ALL SELECT %[1]s FROM whole.%[2]s)),
		(SELECT count(*) FROM (SELECT %[1]s FROM whole.%[2]s EXCEPT ALL SELECT %[1]s FROM inc.%[2]s))`, list, name)).Scan(&extra, &missing)
	if err != nil {
		t.Fatalf("comparing %s: %v", name, err)
	}
	if extra+missing > 0 {
		return fmt.Sprintf("%d rows not in a full build, %d rows of a full build missing", extra, missing)
	}
	return ""
}
