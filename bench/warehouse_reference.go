package bench

import (
	"context"
	"fmt"
	"os"

	"carewh/canonical"
	"carewh/config"
	"carewh/pipelines/duck"
	"carewh/pipelines/lake"
)

// WarehouseReference is the yardstick `carewh bench` measures the warehouse
// build against: DuckDB loading every table of a run's lake once into a
// fresh database file, with the same settings (memory limit, threads, temp
// folder),
//
//	CREATE TABLE <table> AS SELECT * FROM read_parquet([<the run's change files>])
//
// the floor any build from the lake must pay before it computes anything.
// It returns the rows loaded.
func WarehouseReference(ctx context.Context, settings config.DuckDB, lk lake.Lake, m lake.Manifest, path string) (int64, error) {
	duck.Remove(path)
	defer duck.Remove(path)
	db, err := duck.Open(path, settings, false)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var total int64
	for _, t := range canonical.Tables {
		var files []string
		for _, f := range m.Tables[t.Name].Files {
			files = append(files, lk.Abs(f.Path))
		}
		if len(files) == 0 {
			continue
		}
		query := fmt.Sprintf("CREATE TABLE %s AS SELECT * FROM %s", duck.QuoteIdent(t.Name), duck.ReadParquet(files))
		res, err := db.ExecContext(ctx, query)
		if err != nil {
			return total, fmt.Errorf("warehouse reference, %s: %w", t.Name, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	if _, err := db.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return total, err
	}
	if _, err := os.Stat(path); err != nil {
		return total, err
	}
	return total, nil
}
