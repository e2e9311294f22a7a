package pipelines

import (
	"carewh/config"
	"carewh/pipelines/duck"
	"database/sql"
	"fmt"
	"os"
)

// OpenWarehouse opens the current warehouse read-only, as BI tools do:
// it can read the warehouse and nothing else, and write nothing (see
// openReader). carewh query runs a user's SQL on it.
func OpenWarehouse(cfg *config.Config) (*sql.DB, error) {
	return OpenWarehouseWriting(cfg)
}

// OpenWarehouseWriting opens the current warehouse like OpenWarehouse,
// except that COPY … TO may write files under the folders dirs (carewh's
// own Parquet exports, whose SQL carewh writes). No SQL from a user may
// run on it.
func OpenWarehouseWriting(cfg *config.Config, dirs ...string) (*sql.DB, error) {
	path := cfg.WarehousePath()
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no warehouse at %s: run 'carewh run' first", path)
	}
	return duck.OpenReader(path, cfg.DuckDB, dirs)
}
