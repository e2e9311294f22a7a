package pipelines

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"carewh/canonical"
	"carewh/config"
	"carewh/internal/atomicfile"
	"carewh/pipelines/duck"
	"carewh/pipelines/lake"
	"carewh/pipelines/models"
	"carewh/pipelines/sources"
)

// warehouseBuild builds a new warehouse file from one run's lake files and
// swaps it in for the old one only when every model and blocking check has
// passed. BI readers holding the old file keep reading it undisturbed.
type warehouseBuild struct {
	cfg       *config.Config
	lk        lake.Lake
	run       lake.Manifest
	history   []lake.Manifest // earlier successful runs whose changes the lake holds, oldest first
	knownAt   time.Time       // raw tables are the data as known at this time
	models    []models.Model
	asOf      time.Time
	coverage  sources.Coverage // where the source's history begins
	holidays  []holiday
	kpis      []KPIDefinition
	log       *slog.Logger
	afterSwap func() // tests: called as soon as the new warehouse is renamed in
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
	names := []string{"ops.run_parameters", "ops.kpi_targets", "ops.kpi_catalogue", "ops.bank_holidays", "ops.runs", "ops.run_tables", "ops.disclosures", "raw.quarantine"}
	for _, t := range canonical.Tables {
		names = append(names, "raw."+t.Name, "core."+t.Name+"_history")
	}
	return names
}

func (b *warehouseBuild) build(ctx context.Context) (err error) {
	final := b.cfg.WarehousePath()
	building := final + ".building"
	duck.Remove(building)
	defer func() {
		if err != nil {
			duck.Remove(building)
		}
	}()
	if err := os.MkdirAll(filepath.Dir(final), 0o700); err != nil {
		return fmt.Errorf("creating warehouse folder: %w", err)
	}
	db, err := duck.Open(building, b.cfg.DuckDB, false)
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
		{"recording disclosures", b.loadDisclosures},
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
	if err := os.Chmod(building, 0o600); err != nil {
		return fmt.Errorf("making the new warehouse private: %w", err)
	}
	if err := os.Rename(building, final); err != nil {
		return fmt.Errorf("swapping in new warehouse: %w", err)
	}
	b.swapped()
	atomicfile.SyncDir(filepath.Dir(final))
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

// refreshLedger carries the current warehouse forward when a run found no
// change: a copy gets the refreshed run ledger and is swapped in, so readers
// still never see a half-written file.
func (b *warehouseBuild) refreshLedger(ctx context.Context) (err error) {
	final := b.cfg.WarehousePath()
	building := final + ".building"
	duck.Remove(building)
	defer func() {
		if err != nil {
			duck.Remove(building)
		}
	}()
	if err := copyFile(final, building); err != nil {
		return err
	}
	db, err := duck.Open(building, b.cfg.DuckDB, false)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, s := range []string{"DROP TABLE ops.runs", "DROP TABLE ops.run_tables"} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	if err := b.loadRuns(ctx, conn); err != nil {
		return err
	}
	if err := b.loadDisclosures(ctx, conn); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return err
	}
	conn.Close()
	if err := db.Close(); err != nil {
		return err
	}
	if err := os.Chmod(building, 0o600); err != nil {
		return fmt.Errorf("making the refreshed warehouse private: %w", err)
	}
	if err := os.Rename(building, final); err != nil {
		return fmt.Errorf("swapping in refreshed warehouse: %w", err)
	}
	b.swapped()
	atomicfile.SyncDir(filepath.Dir(final))
	return nil
}

// swapped runs the afterSwap test hook, if set.
func (b *warehouseBuild) swapped() {
	if b.afterSwap != nil {
		b.afterSwap()
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
