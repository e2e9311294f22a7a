package pipelines

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"carewh/config"
	"carewh/pipelines/duck"
	"carewh/pipelines/lake"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
)

// reorderedReviews swaps two rows of the review_timeliness source's
// reviews: the files change, the data does not.
var reorderedReviews = [2]string{
	"R01-1,E01,CLA01,2023-07-03,2023-07-03,N,PN1\nR01-2,E01,CLA01,2023-10-03,2023-10-03,N,PN2\n",
	"R01-2,E01,CLA01,2023-10-03,2023-10-03,N,PN2\nR01-1,E01,CLA01,2023-07-03,2023-07-03,N,PN1\n",
}

// TestNoChangeRunWritesOnlyTheLedger: a run whose source files are
// unchanged, and one whose files changed but not their data, leave the
// warehouse file as it was — the same file (inode), not written since
// (mtime) — while ops.runs, read through it, records them; the ledger
// folder beside it holds its three files and nothing half written.
func TestNoChangeRunWritesOnlyTheLedger(t *testing.T) {
	source := copyDir(t, "../testdata/golden/review_timeliness/source")
	cfg := testConfig(t, source, "2024-06-30")
	first := runPipeline(t, cfg)
	before := statWarehouse(t, cfg)

	same := runPipeline(t, cfg)
	editFile(t, filepath.Join(source, "ssd_cla_reviews.csv"), reorderedReviews[0], reorderedReviews[1])
	reordered, logs := runLogged(t, cfg)
	if !strings.Contains(logs, "no source changes") {
		t.Fatalf("the reordered source was not found unchanged:\n%s", logs)
	}
	for _, m := range []lake.Manifest{same, reordered} {
		if m.WarehouseRebuilt {
			t.Errorf("run %s rebuilt the warehouse", m.RunID)
		}
	}
	after := statWarehouse(t, cfg)
	if !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		t.Errorf("the warehouse file changed: %v %d bytes, then %v %d bytes (same file %v)",
			before.ModTime(), before.Size(), after.ModTime(), after.Size(), os.SameFile(before, after))
	}
	statuses, builtBy := warehouseRuns(t, cfg)
	if builtBy != first.RunID {
		t.Errorf("the warehouse's models are from run %s, want %s", builtBy, first.RunID)
	}
	for _, m := range []lake.Manifest{first, same, reordered} {
		if statuses[m.RunID] != lake.StatusSucceeded {
			t.Errorf("ops.runs has run %s as %q, want succeeded (all: %v)", m.RunID, statuses[m.RunID], statuses)
		}
	}
	if got := ledgerFolder(t, cfg); !slices.Equal(got, []string{"disclosures.parquet", "run_tables.parquet", "runs.parquet"}) {
		t.Errorf("the ledger folder holds %v", got)
	}
	if left, _ := filepath.Glob(cfg.WarehousePath() + ".*"); len(left) > 0 {
		t.Errorf("left beside the warehouse: %v", left)
	}
}

// TestReadersReadTheLedger: the ledger views name their files by absolute
// path, so carewh's readers (external access off, a private instance or
// not) read them, allowed exactly those files, and so does a BI tool
// opening the file with DuckDB's default settings; a reader not allowed
// them is refused. The views' columns have the types the tables had.
func TestReadersReadTheLedger(t *testing.T) {
	cfg := testConfig(t, "../testdata/golden/review_timeliness/source", "2024-06-30")
	m := runPipeline(t, cfg)
	dir, err := warehouse.LedgerDir(cfg)
	if err != nil || !filepath.IsAbs(dir) {
		t.Fatalf("ledger folder %q (%v)", dir, err)
	}
	const read = `SELECT (SELECT count(*) FROM ops.runs WHERE run_id = ?), (SELECT count(*) FROM ops.run_tables WHERE run_id = ?),
		(SELECT count(*) FROM ops.disclosures), current_setting('enable_external_access')`
	for _, open := range []struct {
		name     string
		open     func() (*sql.DB, error)
		external bool
	}{
		{"carewh reader", func() (*sql.DB, error) { return warehouse.Open(cfg) }, false},
		{"carewh private reader", func() (*sql.DB, error) { return warehouse.OpenSnapshot(cfg) }, false},
		{"carewh export reader", func() (*sql.DB, error) { return warehouse.OpenWriting(cfg, t.TempDir()) }, false},
		{"BI tool, DuckDB defaults", func() (*sql.DB, error) { return sql.Open("duckdb", cfg.WarehousePath()+"?access_mode=READ_ONLY") }, true},
	} {
		db, err := open.open()
		if err != nil {
			t.Fatal(err)
		}
		var runs, tables, disclosures int
		var external bool
		err = db.QueryRow(read, m.RunID, m.RunID).Scan(&runs, &tables, &disclosures, &external)
		db.Close()
		if err != nil || runs != 1 || tables == 0 || external != open.external {
			t.Errorf("%s: ops.runs %d rows, ops.run_tables %d, external access %v (%v); want 1, some, %v",
				open.name, runs, tables, external, err, open.external)
		}
	}
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	columns := queryCSV(t, db, nil, `SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)
		FROM information_schema.columns WHERE table_schema = 'ops' AND table_name IN ('runs', 'run_tables') GROUP BY 1 ORDER BY 1`)
	db.Close()
	want := [][]string{{"table_name", "string_agg(((column_name || ' ') || data_type), ', ' ORDER BY ordinal_position)"},
		{"run_tables", "run_id VARCHAR, table_name VARCHAR, source VARCHAR, available BOOLEAN, rows BIGINT, quarantined_rows BIGINT, " +
			"read_rows BIGINT, fixed_rows BIGINT"},
		{"runs", "run_id VARCHAR, pipeline VARCHAR, trigger VARCHAR, source VARCHAR, as_of DATE, started TIMESTAMP WITH TIME ZONE, " +
			"finished TIMESTAMP WITH TIME ZONE, status VARCHAR, error VARCHAR, rows BIGINT, quarantined_rows BIGINT, " +
			"scheduled_at TIMESTAMP WITH TIME ZONE, attempt INTEGER"}}
	if !slices.EqualFunc(columns, want, slices.Equal) {
		t.Errorf("the ledger views' columns: %q, want the tables' types %q", columns, want)
	}

	db, err = duck.OpenReader(cfg.WarehousePath(), cfg.DuckDB, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var views string
	err = db.QueryRow(`SELECT string_agg(sql, ' ') FROM duckdb_views() WHERE schema_name = 'ops'`).Scan(&views)
	if err != nil || !strings.Contains(views, duck.Quote(filepath.Join(dir, "runs.parquet"))) {
		t.Errorf("the ledger views do not name the ledger by absolute path: %s (%v)", views, err)
	}
	var n int
	err = db.QueryRow("SELECT count(*) FROM ops.runs").Scan(&n)
	db.Close()
	if err == nil || !strings.Contains(err.Error(), "file system operations are disabled") {
		t.Errorf("a reader not allowed the ledger read ops.runs: %d rows, %v", n, err)
	}
}

// TestMovedDataFolder: a data folder moved elsewhere still works. Its
// warehouse's views name the old ledger folder, so the first run that
// finds no change carries the warehouse forward by copy with views of the
// new one; the next writes only the ledger again.
func TestMovedDataFolder(t *testing.T) {
	source := copyDir(t, "../testdata/golden/review_timeliness/source")
	cfg := testConfig(t, source, "2024-06-30")
	first := runPipeline(t, cfg)
	moved := movedConfig(t, cfg)
	if err := os.Rename(cfg.DataDir, moved.DataDir); err != nil {
		t.Fatal(err)
	}
	before := statWarehouse(t, moved)

	carried, logs := runLogged(t, moved)
	if carried.WarehouseRebuilt || !strings.Contains(logs, "carrying it forward by copy") {
		t.Errorf("the first run in the moved folder: rebuilt %v, logs:\n%s", carried.WarehouseRebuilt, logs)
	}
	copied := statWarehouse(t, moved)
	if os.SameFile(before, copied) {
		t.Error("the moved warehouse was not carried forward by copy")
	}
	statuses, builtBy := warehouseRuns(t, moved)
	if builtBy != first.RunID || statuses[first.RunID] != lake.StatusSucceeded || statuses[carried.RunID] != lake.StatusSucceeded {
		t.Errorf("after the move: built by %s, ops.runs %v; want built by %s, both runs succeeded", builtBy, statuses, first.RunID)
	}
	dir, _ := warehouse.LedgerDir(moved)
	db, err := warehouse.Open(moved)
	if err != nil {
		t.Fatal(err)
	}
	var ledgerDir, buildRun string
	err = db.QueryRow("SELECT ledger_dir, run_id FROM ops.build").Scan(&ledgerDir, &buildRun)
	db.Close()
	if err != nil || ledgerDir != dir || buildRun != carried.RunID {
		t.Errorf("ops.build: ledger %s, run %s (%v); want %s, %s", ledgerDir, buildRun, err, dir, carried.RunID)
	}

	next, logs := runLogged(t, moved)
	if strings.Contains(logs, "by copy") || !os.SameFile(copied, statWarehouse(t, moved)) {
		t.Errorf("the second run in the moved folder copied the warehouse again:\n%s", logs)
	}
	if statuses, _ := warehouseRuns(t, moved); statuses[next.RunID] != lake.StatusSucceeded {
		t.Errorf("ops.runs lacks run %s: %v", next.RunID, statuses)
	}
}

// TestWarehouseFromBeforeTheLedgerMoved: a warehouse built when the ledger
// was tables inside it still answers the crash recovery from its own
// ops.runs, and the first run that finds no change gives it views of the
// ledger beside it.
func TestWarehouseFromBeforeTheLedgerMoved(t *testing.T) {
	cfg := testConfig(t, "../testdata/golden/review_timeliness/source", "2024-06-30")
	first := runPipeline(t, cfg)
	db, err := sql.Open("duckdb", cfg.WarehousePath())
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{"DROP TABLE ops.build"}
	for _, rel := range []string{"runs", "run_tables", "disclosures"} {
		stmts = append(stmts, fmt.Sprintf("CREATE TABLE ops.old_%[1]s AS SELECT * FROM ops.%[1]s", rel), "DROP VIEW ops."+rel,
			fmt.Sprintf("ALTER TABLE ops.old_%[1]s RENAME TO %[1]s", rel))
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	db.Close()
	if err := os.RemoveAll(filepath.Join(cfg.DataDir, warehouse.LedgerDirName)); err != nil {
		t.Fatal(err)
	}
	published, err := warehouse.SucceededRuns(context.Background(), cfg)
	if _, ok := published[first.RunID]; err != nil || !ok {
		t.Errorf("the old warehouse's succeeded runs: %v (%v)", published, err)
	}

	next, logs := runLogged(t, cfg)
	if next.WarehouseRebuilt || !strings.Contains(logs, "by copy") {
		t.Errorf("the old warehouse was not carried forward by copy: rebuilt %v\n%s", next.WarehouseRebuilt, logs)
	}
	if statuses, _ := warehouseRuns(t, cfg); statuses[first.RunID] != lake.StatusSucceeded || statuses[next.RunID] != lake.StatusSucceeded {
		t.Errorf("ops.runs after the upgrade: %v", statuses)
	}
	if got := ledgerFolder(t, cfg); len(got) != 3 {
		t.Errorf("the ledger folder holds %v", got)
	}
}

// TestKillBetweenSwapAndLedger: a run killed after its new warehouse is
// renamed in, before the ledger beside it records it, is recorded as
// succeeded by the next run (the warehouse's ops.build names it), which
// brings the ledger up to date. A run that found no change, killed as it
// wrote the ledger (its run tables written, not its run), left the
// warehouse alone and is recorded as failed: the ledger never says a run
// published that did not.
func TestKillBetweenSwapAndLedger(t *testing.T) {
	source := copyDir(t, "../testdata/golden/review_timeliness/source")
	cfg := testConfig(t, source, "2024-06-30")
	lk := lake.Lake{Root: cfg.LakeDir()}
	runPipeline(t, cfg)

	editFile(t, filepath.Join(source, "ssd_cla_reviews.csv"), "R04-2,E04,CLA04,,2023-08-24,N,PN7", "R04-2,E04,CLA04,,2023-08-25,N,PN1")
	rebuilt := runKilledBeforeLedger(t, cfg)
	statuses, builtBy := warehouseRuns(t, cfg)
	if _, in := statuses[rebuilt]; builtBy != rebuilt || in {
		t.Fatalf("after the kill the warehouse is from run %s and ops.runs has it as %q; want run %s, not in the ledger yet",
			builtBy, statuses[rebuilt], rebuilt)
	}
	next, logs := runLogged(t, cfg)
	if !strings.Contains(logs, "interrupted after it published") || next.WarehouseRebuilt {
		t.Errorf("the next run (rebuilt %v) did not recover run %s as published:\n%s", next.WarehouseRebuilt, rebuilt, logs)
	}
	statuses, _ = warehouseRuns(t, cfg)
	if statuses[rebuilt] != lake.StatusSucceeded || statuses[next.RunID] != lake.StatusSucceeded {
		t.Errorf("ops.runs after the recovery: %v", statuses)
	}

	before := statWarehouse(t, cfg)
	unchanged := runKilledBeforeLedger(t, cfg)
	if statuses, _ := warehouseRuns(t, cfg); statuses[unchanged] != "" {
		t.Errorf("the ledger records the killed no-change run as %q", statuses[unchanged])
	}
	last, logs := runLogged(t, cfg)
	if !strings.Contains(logs, "recorded it as failed") {
		t.Errorf("the next run did not record run %s as failed:\n%s", unchanged, logs)
	}
	killed, err := lk.Latest(func(m lake.Manifest) bool { return m.RunID == unchanged })
	statuses, _ = warehouseRuns(t, cfg)
	if err != nil || killed.Status != lake.StatusFailed || statuses[unchanged] != lake.StatusFailed || statuses[last.RunID] != lake.StatusSucceeded {
		t.Errorf("the killed no-change run: manifest %+v (%v), ops.runs %v", killed, err, statuses)
	}
	if !os.SameFile(before, statWarehouse(t, cfg)) {
		t.Error("a no-change run replaced the warehouse file")
	}
}

// runKilledBeforeLedger runs the pipeline and stops it, as SIGKILL would,
// just before the ledger's runs file is renamed in. It returns the run's
// ID.
func runKilledBeforeLedger(t *testing.T, cfg *config.Config) string {
	t.Helper()
	r := &Runner{Config: cfg, Models: sqlfiles.Files, Getenv: testEnv, beforeLedger: func() { panic(killed{}) }}
	func() {
		defer func() {
			if p := recover(); p != (killed{}) {
				t.Fatalf("the run was not stopped before its ledger: %v", p)
			}
		}()
		m, err := r.Run(context.Background())
		t.Fatalf("the run ended (%s, %v) instead of being stopped before its ledger", m.Status, err)
	}()
	running, err := lake.Lake{Root: cfg.LakeDir()}.Recent(2, func(m lake.Manifest) bool { return m.Status == lake.StatusRunning })
	if err != nil || len(running) != 1 {
		t.Fatalf("after the kill the ledger has %d runs still running (%v), want 1", len(running), err)
	}
	return running[0].RunID
}

func statWarehouse(t *testing.T, cfg *config.Config) os.FileInfo {
	t.Helper()
	info, err := os.Stat(cfg.WarehousePath())
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// ledgerFolder lists the ledger folder's files.
func ledgerFolder(t *testing.T, cfg *config.Config) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(cfg.DataDir, warehouse.LedgerDirName))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// movedConfig is cfg with its data folder somewhere else.
func movedConfig(t *testing.T, cfg *config.Config) *config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "carewh.yaml")
	yaml := fmt.Sprintf("version: 1\ndata_dir: %s\nsource:\n  kind: %s\n  path: %s\nreporting:\n  as_of: %q\nduckdb:\n  memory_limit: 1GB\n",
		filepath.Join(filepath.Dir(path), "moved-data"), cfg.Source.Kind, cfg.Source.Path, cfg.Reporting.AsOf)
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	moved, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return moved
}
