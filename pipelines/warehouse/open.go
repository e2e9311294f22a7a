package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	"carewh/config"
	"carewh/pipelines/duck"
	"carewh/pipelines/lake"
)

// Open opens the current warehouse read-only, as BI tools do: it can
// read the warehouse and the run ledger's files beside it, which its ops
// views read, and nothing else (see duck.OpenReader). carewh query runs a
// user's SQL on it, refusing COPY (duck.IsCopy).
func Open(cfg *config.Config) (*sql.DB, error) {
	return OpenWriting(cfg)
}

// OpenWriting opens the current warehouse like Open, except that COPY …
// TO may write files under the folders dirs (carewh's own Parquet exports,
// whose SQL carewh writes). No SQL from a user may run on it.
func OpenWriting(cfg *config.Config, dirs ...string) (*sql.DB, error) {
	path, err := warehouseFile(cfg)
	if err != nil {
		return nil, err
	}
	ledger, err := LedgerFiles(cfg)
	if err != nil {
		return nil, err
	}
	return duck.OpenReader(path, cfg.DuckDB, ledger, dirs)
}

// OpenSnapshot opens the warehouse file as it is now, like Open, in a
// database instance of its own: a long-lived reader (the SQL endpoint)
// opens it again after a run swaps in a new file, while queries on the old
// instance finish on the old file.
func OpenSnapshot(cfg *config.Config) (*sql.DB, error) {
	path, err := warehouseFile(cfg)
	if err != nil {
		return nil, err
	}
	ledger, err := LedgerFiles(cfg)
	if err != nil {
		return nil, err
	}
	return duck.OpenPrivateReader(path, cfg.DuckDB, ledger)
}

func warehouseFile(cfg *config.Config) (string, error) {
	path := cfg.WarehousePath()
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("no warehouse at %s: run 'carewh run' first", path)
	}
	return path, nil
}

// SucceededRuns returns the runs the live warehouse says have published,
// with their finish times: the run that swapped it in (ops.build) and the
// succeeded runs of the ledger beside it, or, for a warehouse from before
// the ledger was kept beside it, of its own ops.runs. On an error, those
// read before it.
func SucceededRuns(ctx context.Context, cfg *config.Config) (map[string]time.Time, error) {
	db, err := Open(cfg)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rec, ok, err := readBuild(ctx, db)
	if err != nil {
		return nil, err
	}
	if !ok {
		return succeededRuns(ctx, db, "ops.runs")
	}
	dir, err := LedgerDir(cfg)
	if err != nil {
		return nil, err
	}
	runs := map[string]time.Time{}
	if path := ledgerFile(dir, "runs"); fileExists(path) {
		runs, err = succeededRuns(ctx, db, duck.ReadParquet([]string{path}))
	}
	// A run killed after its swap, before it wrote the ledger, is not in
	// the ledger yet.
	if _, in := runs[rec.RunID]; !in {
		runs[rec.RunID] = rec.Finished.UTC()
	}
	return runs, err
}

// succeededRuns reads the succeeded runs of a relation laid out as
// ops.runs.
func succeededRuns(ctx context.Context, db *sql.DB, relation string) (map[string]time.Time, error) {
	runs := map[string]time.Time{}
	rows, err := db.QueryContext(ctx, "SELECT run_id, finished FROM "+relation+" WHERE status = ? AND finished IS NOT NULL", lake.StatusSucceeded)
	if err != nil {
		return runs, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var finished time.Time
		if err := rows.Scan(&id, &finished); err != nil {
			return runs, err
		}
		runs[id] = finished.UTC()
	}
	return runs, rows.Err()
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
