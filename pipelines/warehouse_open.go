package pipelines

import (
	"database/sql"
	"fmt"
	"os"

	"carewh/config"
	"carewh/pipelines/duck"
)

// OpenWarehouse opens the current warehouse read-only, as BI tools do:
// it can read the warehouse and nothing else, and write nothing (see
// duck.OpenReader). carewh query runs a user's SQL on it.
func OpenWarehouse(cfg *config.Config) (*sql.DB, error) {
	return OpenWarehouseWriting(cfg)
}

// OpenWarehouseWriting opens the current warehouse like OpenWarehouse,
// except that COPY … TO may write files under the folders dirs (carewh's
// own Parquet exports, whose SQL carewh writes). No SQL from a user may
// run on it.
func OpenWarehouseWriting(cfg *config.Config, dirs ...string) (*sql.DB, error) {
	path, err := warehouseFile(cfg)
	if err != nil {
		return nil, err
	}
	return duck.OpenReader(path, cfg.DuckDB, dirs)
}

// OpenWarehouseSnapshot opens the warehouse file as it is now, like
// OpenWarehouse, in a database instance of its own: a long-lived reader
// (the SQL endpoint) opens it again after a run swaps in a new file, while
// queries on the old instance finish on the old file.
func OpenWarehouseSnapshot(cfg *config.Config) (*sql.DB, error) {
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
