package pipelines

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"carewh/canonical"
	"carewh/config"
	"carewh/transforms/parquet"
)

// warehouseBuild builds a new warehouse file from one run's lake files and
// swaps it in for the old one only when every model and blocking check has
// passed. BI readers holding the old file keep reading it undisturbed.
type warehouseBuild struct {
	cfg       *config.Config
	lake      Lake
	run       Manifest
	models    []Model
	asOf      time.Time
	holidays  []holiday
	kpis      []KPIDefinition
	log       *slog.Logger
	failAfter string // tests: fail once this model is built
}

// ModelFailure is returned when a model or its blocking check fails.
type ModelFailure struct {
	Model string
	Built []string // models built before it
	Err   error
}

func (e *ModelFailure) Error() string {
	return fmt.Sprintf("model %s failed after %d models were built: %v", e.Model, len(e.Built), e.Err)
}

func (e *ModelFailure) Unwrap() error { return e.Err }

// ExternalRelations are the tables the build creates before any model; a
// model may depend on them.
func ExternalRelations() []string {
	names := []string{"ops.run_parameters", "ops.kpi_targets", "ops.kpi_catalogue", "ops.bank_holidays", "ops.runs", "ops.run_tables", "raw.quarantine"}
	for _, t := range canonical.Tables {
		names = append(names, "raw."+t.Name)
	}
	return names
}

func (b *warehouseBuild) build(ctx context.Context) (err error) {
	final := b.cfg.WarehousePath()
	building := final + ".building"
	removeDB(building)
	defer func() {
		if err != nil {
			removeDB(building)
		}
	}()
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return fmt.Errorf("creating warehouse folder: %w", err)
	}
	db, err := OpenDuckDB(building, b.cfg.DuckDB, false)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connecting to new warehouse: %w", err)
	}
	defer conn.Close()
	steps := []struct {
		name string
		do   func(context.Context, *sql.Conn) error
	}{
		{"creating schemas", b.createSchemas},
		{"loading parameters", b.loadParameters},
		{"loading the lake", b.loadRaw},
		{"recording runs", b.loadRuns},
		{"building models", b.buildModels},
	}
	for _, s := range steps {
		if err := s.do(ctx, conn); err != nil {
			return fmt.Errorf("%s: %w", s.name, errors.Join(ctx.Err(), err))
		}
	}
	if _, err := conn.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return fmt.Errorf("checkpointing warehouse: %w", err)
	}
	conn.Close()
	if err := db.Close(); err != nil {
		return fmt.Errorf("closing new warehouse: %w", err)
	}
	if err := os.Rename(building, final); err != nil {
		return fmt.Errorf("swapping in new warehouse: %w", err)
	}
	syncDir(filepath.Dir(final))
	return nil
}

func (b *warehouseBuild) createSchemas(ctx context.Context, conn *sql.Conn) error {
	for _, s := range []string{"raw", "staging", "core", "marts", "ops"} {
		if _, err := conn.ExecContext(ctx, "CREATE SCHEMA "+s); err != nil {
			return err
		}
	}
	return nil
}

// loadRaw copies each table's lake files of this run into raw.<table>.
func (b *warehouseBuild) loadRaw(ctx context.Context, conn *sql.Conn) error {
	for _, t := range canonical.Tables {
		stats, ok := b.run.Tables[t.Name]
		if !ok {
			return fmt.Errorf("run %s wrote no %s", b.run.RunID, t.Name)
		}
		if err := b.copyParquet(ctx, conn, "raw."+t.Name, stats.Files); err != nil {
			return err
		}
	}
	return b.copyParquet(ctx, conn, "raw.quarantine", b.run.Quarantine)
}

func (b *warehouseBuild) copyParquet(ctx context.Context, conn *sql.Conn, table string, files []parquet.File) error {
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = quote(b.lake.abs(f.Path))
	}
	stmt := fmt.Sprintf("CREATE TABLE %s AS SELECT * FROM read_parquet([%s])", table, strings.Join(paths, ", "))
	if _, err := conn.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("loading %s: %w", table, err)
	}
	return nil
}

func removeDB(path string) {
	os.Remove(path)
	os.Remove(path + ".wal")
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
