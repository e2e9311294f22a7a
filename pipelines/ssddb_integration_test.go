package pipelines

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/config"
	"carewh/pipelines/extract"
	"carewh/pipelines/extract/ssddb"
	"carewh/pipelines/extract/ssddb/ssddbtest"
	"carewh/pipelines/extract/synthetic"
	"carewh/pipelines/key"
	"carewh/pipelines/lake"
	"carewh/pipelines/sources"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
)

// These tests need a PostgreSQL server: CAREWH_TEST_POSTGRES_URL (.ci/run
// starts one). They skip without it, and fail without it under CI.

const ssddbTestAsOf = "2026-03-31"

// ssddbTestEnv supplies the pseudonymisation key.
func ssddbTestEnv(name string) string {
	if name == key.EnvHMACKey {
		return "ssddb-test-key-0123456789abcdef0123456789"
	}
	return ""
}

// ssddbTestConfig loads a config with this source section into a fresh
// data folder, as a user's file is loaded.
func ssddbTestConfig(t *testing.T, source string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	yaml := fmt.Sprintf("version: 1\ndata_dir: %s\n%sreporting:\n  as_of: %q\nduckdb:\n  memory_limit: 1GB\n",
		filepath.Join(dir, "data"), source, ssddbTestAsOf)
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

// ssddbRun runs the pipeline with a checked allocator.
func ssddbRun(t *testing.T, cfg *config.Config) (lake.Manifest, error) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	r := &Runner{Config: cfg, Models: sqlfiles.Files, Getenv: ssddbTestEnv, Mem: mem, Log: slog.New(slog.DiscardHandler)}
	m, err := r.Run(context.Background())
	mem.AssertSize(t, 0)
	return m, err
}

// ssddbSnapshot reads the marts compared between sources, each as sorted
// rows of text, and the quarantine as counts by table and rule (its lines
// differ: a CSV line is not a row number).
func ssddbSnapshot(t *testing.T, cfg *config.Config) map[string][]string {
	t.Helper()
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	queries := map[string]string{
		"board_kpis":            "SELECT * FROM marts.board_kpis ORDER BY ALL",
		"lac_review_timeliness": "SELECT * FROM marts.lac_review_timeliness ORDER BY ALL",
		"permanence_tracker":    "SELECT * FROM marts.permanence_tracker ORDER BY ALL",
		"iro_challenges":        "SELECT * FROM marts.iro_challenges ORDER BY ALL",
		"quarantine":            "SELECT table_name, rule, count(*) FROM ops.quarantine GROUP BY ALL ORDER BY ALL",
	}
	snap := map[string][]string{}
	for name, q := range queries {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			cells := make([]string, len(vals))
			for i, v := range vals {
				cells[i] = fmt.Sprint(v)
			}
			snap[name] = append(snap[name], strings.Join(cells, "|"))
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return snap
}

// ssddbHash is a file's SHA-256.
func ssddbHash(t *testing.T, path string) [32]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return [32]byte(h.Sum(nil))
}

// TestSSDDBSource loads the synthetic case system into PostgreSQL, runs
// the whole pipeline from the database and from the CSV export of the same
// data, and checks the marts are equal; then loses the database part way
// through a table and checks the run fails, the warehouse is untouched,
// and the next run succeeds.
func TestSSDDBSource(t *testing.T) {
	pgURL := ssddbtest.URL(t)
	admin := ssddbtest.Open(t, pgURL)
	schema := ssddbtest.Schema(t, admin)
	ctx := context.Background()

	src := t.TempDir()
	asOf, _ := time.Parse(time.DateOnly, ssddbTestAsOf)
	if _, err := synthetic.WriteDir(ctx, src, synthetic.Options{Seed: 4, Scale: 1, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	if _, err := ssddb.LoadPostgres(ctx, pgURL, "", schema, src); err != nil {
		t.Fatal(err)
	}

	csvCfg := ssddbTestConfig(t, fmt.Sprintf("source:\n  kind: ssdcsv\n  path: %s\n", src))
	dbSource := func(url string) string {
		return fmt.Sprintf("source:\n  kind: ssddb\n  database:\n    url: %q\n    schema: %s\n    retries: 2\n", url, schema)
	}
	dbCfg := ssddbTestConfig(t, dbSource(pgURL))

	if _, err := ssddbRun(t, csvCfg); err != nil {
		t.Fatalf("run from CSV: %v", err)
	}
	fromDB, err := ssddbRun(t, dbCfg)
	if err != nil {
		t.Fatalf("run from PostgreSQL: %v", err)
	}
	if got := fromDB.Tables["cla_reviews"].Source; got != schema+".ssd_cla_reviews" {
		t.Errorf("cla_reviews came from %q", got)
	}
	want, got := ssddbSnapshot(t, csvCfg), ssddbSnapshot(t, dbCfg)
	for name, rows := range want {
		if len(rows) == 0 {
			t.Errorf("%s: no rows from CSV", name)
		}
		if diffs := ssddbDiff(rows, got[name]); diffs != "" {
			t.Errorf("%s differs between CSV (%d rows) and PostgreSQL (%d rows):\n%s", name, len(rows), len(got[name]), diffs)
		}
	}

	t.Run("database lost mid-extract", func(t *testing.T) {
		before := ssddbHash(t, dbCfg.WarehousePath())
		app := "carewh_kill_" + ssddbtest.Random()
		killCfg := *dbCfg
		killCfg.Source.BatchRows = 1000
		killCfg.Source.Database.URL = ssddbtest.WithParam(pgURL, "application_name", app)
		var killed atomic.Int64
		openSource = func(ctx context.Context, env sources.Env) (extract.Source, error) {
			inner, err := sources.Open(ctx, env)
			if err != nil {
				return nil, err
			}
			return &killingSource{Source: inner, table: "cla_visits", kill: func() {
				var n int64
				err := admin.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
					WHERE application_name = $1 AND backend_type = 'client backend' AND state = 'active'
					AND query LIKE '%ssd_cla_visits%'`, app).Scan(&n)
				if err != nil {
					t.Errorf("terminating the backend: %v", err)
				}
				killed.Add(n)
			}}, nil
		}
		t.Cleanup(func() { openSource = sources.Open })

		failed, err := ssddbRun(t, &killCfg)
		if killed.Load() != 1 {
			t.Fatalf("terminated %d backends reading ssd_cla_visits, want 1 (run error: %v)", killed.Load(), err)
		}
		if err == nil {
			t.Fatal("the run succeeded though its database connection was terminated mid-table")
		}
		t.Logf("run error: %v", err)
		for _, want := range []string{"extracting cla_visits", schema + ".ssd_cla_visits", "connection lost after row"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("run error %q lacks %q", err, want)
			}
		}
		if failed.Status != lake.StatusFailed {
			t.Errorf("failed run's manifest status %q", failed.Status)
		}
		if ssddbHash(t, dbCfg.WarehousePath()) != before {
			t.Error("the failed run changed the warehouse")
		}
		db, err := warehouse.Open(dbCfg)
		if err != nil {
			t.Fatal(err)
		}
		var runID string
		err = db.QueryRow("SELECT run_id FROM ops.run_parameters").Scan(&runID)
		db.Close()
		if err != nil || runID != fromDB.RunID {
			t.Errorf("warehouse is from run %q (%v), want %s", runID, err, fromDB.RunID)
		}

		next, err := ssddbRun(t, dbCfg)
		if err != nil {
			t.Fatalf("the run after the failed one: %v", err)
		}
		db, err = warehouse.Open(dbCfg)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		// The data did not change, so the warehouse may be carried forward
		// rather than rebuilt; either way its ledger records both runs.
		for id, want := range map[string]string{failed.RunID: lake.StatusFailed, next.RunID: lake.StatusSucceeded} {
			var status string
			if err := db.QueryRow("SELECT status FROM ops.runs WHERE run_id = ?", id).Scan(&status); err != nil || status != want {
				t.Errorf("ops.runs has run %s as %q (%v), want %s", id, status, err, want)
			}
		}
	})
}

// ssddbDiff lists up to ten rows only one side has.
func ssddbDiff(want, got []string) string {
	count := map[string]int{}
	for _, r := range want {
		count[r]++
	}
	for _, r := range got {
		count[r]--
	}
	var out []string
	for r, n := range count {
		switch {
		case n > 0:
			out = append(out, "- "+r)
		case n < 0:
			out = append(out, "+ "+r)
		}
	}
	if len(out) > 10 {
		out = append(out[:10], fmt.Sprintf("… and %d more", len(out)-10))
	}
	return strings.Join(out, "\n")
}

// killingSource calls kill once the first batch of one table has been
// read, while the database is still sending the rest.
type killingSource struct {
	extract.Source
	table string
	kill  func()
}

func (s *killingSource) Open(ctx context.Context, table *canonical.Table, q canonical.Quarantine) (extract.TableReader, error) {
	r, err := s.Source.Open(ctx, table, q)
	if err != nil || table.Name != s.table {
		return r, err
	}
	return &killingReader{TableReader: r, kill: s.kill}, nil
}

type killingReader struct {
	extract.TableReader
	kill   func()
	killed bool
}

func (r *killingReader) Next() bool {
	ok := r.TableReader.Next()
	if ok && !r.killed {
		r.killed = true
		r.kill()
	}
	return ok
}
