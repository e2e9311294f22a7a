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
// read the warehouse and nothing else, and write nothing (see
// duck.OpenReader). carewh query runs a user's SQL on it.
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
	return duck.OpenReader(path, cfg.DuckDB, dirs)
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
	return duck.OpenPrivateReader(path, cfg.DuckDB)
}

func warehouseFile(cfg *config.Config) (string, error) {
	path := cfg.WarehousePath()
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("no warehouse at %s: run 'carewh run' first", path)
	}
	return path, nil
}

// SucceededRuns returns the succeeded runs the live warehouse's ops.runs
// records, with their finish times: on an error, those read before it.
func SucceededRuns(ctx context.Context, cfg *config.Config) (map[string]time.Time, error) {
	db, err := Open(cfg)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT run_id, finished FROM ops.runs WHERE status = ? AND finished IS NOT NULL", lake.StatusSucceeded)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	runs := map[string]time.Time{}
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
