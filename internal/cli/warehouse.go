package cli

import (
	"database/sql"
	"fmt"

	"carewh/config"
	"carewh/pipelines/warehouse"
)

// withWarehouse is how every command reads the warehouse: it opens the
// current one read-only, as BI tools do, passes it to do and closes it.
// writable names the folders where COPY … TO may write (carewh's own
// Parquet exports); with any, no SQL from a user may run on db.
func withWarehouse(cfg *config.Config, writable []string, do func(db *sql.DB) error) error {
	db, err := warehouse.OpenWriting(cfg, writable...)
	if err != nil {
		return err
	}
	defer db.Close()
	return do(db)
}

// builtBy is the id of the run that built the warehouse.
func builtBy(db *sql.DB) (string, error) {
	var runID string
	if err := db.QueryRow(`SELECT run_id FROM ops.run_parameters`).Scan(&runID); err != nil {
		return "", fmt.Errorf("reading which run built the warehouse: %w", err)
	}
	return runID, nil
}
