// Package warehouse builds the DuckDB warehouse from the lake: the raw
// tables and their history, the run parameters, KPI catalogue and bank
// holidays, the run ledger and disclosure log, then every model and its
// checks; it swaps the new file in blue/green, and opens it for readers.
package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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

// Build builds a new warehouse file from one run's lake files and swaps
// it in for the old one only when every model and blocking check has
// passed (Run), or carries the old one forward with a refreshed run ledger
// (RefreshLedger). BI readers holding the old file keep reading it
// undisturbed. The run ledger is kept beside the warehouse (ledger.go).
type Build struct {
	Config   *config.Config
	Lake     lake.Lake
	Manifest lake.Manifest   // the run being published, recorded as succeeded
	History  []lake.Manifest // earlier successful runs whose changes the lake holds, oldest first
	KnownAt  time.Time       // raw tables are the data as known at this time
	Models   []models.Model
	AsOf     time.Time
	Coverage sources.Coverage // where the source's history begins
	Holidays []Holiday
	KPIs     []KPIDefinition
	Log      *slog.Logger
	// RowsPerSlice, if set, is how many input rows one slice of a model
	// built in slices reads (see planSlices); tests set it low.
	RowsPerSlice int64
	// AfterSwap, if set, is called as soon as the run has published: its
	// new warehouse renamed in, if it built one, and the run ledger beside
	// it written (tests kill the process there).
	AfterSwap func()
	// BeforeLedger, if set, is called as the run ledger is written, just
	// before its runs file, which records the run as published, is renamed
	// in: for a build, after the new warehouse is (tests kill the process
	// there).
	BeforeLedger func()

	staged map[string]string // ledger relation → its file written, not yet renamed in
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

// Run builds the warehouse from the lake and swaps it in.
func (b *Build) Run(ctx context.Context) error {
	final := b.Config.WarehousePath()
	prepare := func(string) error {
		if err := os.MkdirAll(filepath.Dir(final), 0o700); err != nil {
			return fmt.Errorf("creating warehouse folder: %w", err)
		}
		return nil
	}
	return b.writeAndSwap(ctx, "new", prepare, []step{
		{"creating schemas", b.createSchemas},
		{"loading parameters", b.loadParameters},
		{"loading the lake", b.loadRaw},
		{"recording runs", b.loadRuns},
		{"recording disclosures", b.loadDisclosures},
		{"building models", b.buildModels},
		{"moving the run ledger beside the warehouse", b.stageLedger},
	})
}

// step is one stage of writing a warehouse file.
type step struct {
	name string
	do   func(context.Context, *sql.Conn) error
}

// writeAndSwap writes a warehouse file beside the live one (begun by
// prepare, then each step on one connection), checkpoints it and swaps it
// in; what ("new", "refreshed") names it in errors. A failure removes the
// file and leaves the live warehouse as it was.
func (b *Build) writeAndSwap(ctx context.Context, what string, prepare func(building string) error, steps []step) (err error) {
	final := b.Config.WarehousePath()
	building := final + ".building"
	duck.Remove(building)
	defer func() {
		if err != nil {
			duck.Remove(building)
			b.abortLedger()
		}
	}()
	start := time.Now()
	if err := prepare(building); err != nil {
		return err
	}
	b.Log.DebugContext(ctx, "warehouse step done", "step", "preparing the file", "duration_seconds", time.Since(start).Seconds())
	db, conn, err := duck.OpenConn(ctx, building, b.Config.DuckDB)
	if err != nil {
		return fmt.Errorf("opening the %s warehouse: %w", what, err)
	}
	defer db.Close()
	defer conn.Close()
	for _, s := range steps {
		start := time.Now()
		if err := s.do(ctx, conn); err != nil {
			return fmt.Errorf("%s: %w", s.name, errors.Join(ctx.Err(), err))
		}
		b.Log.DebugContext(ctx, "warehouse step done", "step", s.name, "duration_seconds", time.Since(start).Seconds())
	}
	start = time.Now()
	if _, err := conn.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return fmt.Errorf("checkpointing the %s warehouse: %w", what, err)
	}
	conn.Close()
	if err := db.Close(); err != nil {
		return fmt.Errorf("closing the %s warehouse: %w", what, err)
	}
	b.Log.DebugContext(ctx, "warehouse step done", "step", "checkpointing", "duration_seconds", time.Since(start).Seconds())
	return b.swapIn(building, final, what)
}

func (b *Build) createSchemas(ctx context.Context, conn *sql.Conn) error {
	for _, s := range []string{"raw", "staging", "core", "marts", "ops"} {
		if _, err := conn.ExecContext(ctx, "CREATE SCHEMA "+s); err != nil {
			return err
		}
	}
	return nil
}

// swapIn makes the finished file building private and renames it over
// the warehouse, final, in one step; what ("new", "refreshed") names it
// in errors. Then, the rename synced, it renames the run ledger's staged
// files in beside it and runs the AfterSwap hook, if set. The run has
// published once the warehouse is in (its ops.build names the run), so a
// ledger that cannot be written then is logged, not a failure: the ledger
// beside it stays as it was until the next run.
func (b *Build) swapIn(building, final, what string) error {
	if err := os.Chmod(building, 0o600); err != nil {
		return fmt.Errorf("making the %s warehouse private: %w", what, err)
	}
	if err := os.Rename(building, final); err != nil {
		return fmt.Errorf("swapping in %s warehouse: %w", what, err)
	}
	atomicfile.SyncDir(filepath.Dir(final))
	if err := b.commitLedger(); err != nil {
		b.abortLedger()
		b.Log.Error("the warehouse is in but its run ledger could not be written beside it; the next run writes it",
			"warehouse", final, "error", err)
	}
	if b.AfterSwap != nil {
		b.AfterSwap()
	}
	return nil
}
