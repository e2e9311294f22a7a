package pipelines

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"time"

	"carewh/pipelines/lake"
	"carewh/pipelines/warehouse"
)

// refreshLedger carries the previous warehouse forward, with only its run
// ledger, beside it, brought up to date with run m.
func (r *Runner) refreshLedger(ctx context.Context, build *warehouse.Build, m *lake.Manifest, stageStart *time.Time) error {
	if err := r.prepare(build.Lake, *m, false); err != nil {
		return err
	}
	build.Manifest = *m
	build.Manifest.Status = lake.StatusSucceeded
	if err := build.RefreshLedger(ctx); err != nil {
		return fmt.Errorf("refreshing warehouse ledger: %w", err)
	}
	r.stageDone("warehouse", stageStart)
	return nil
}

// buildWarehouse builds the run's warehouse and says how: brought up to
// date from the live one when that was built from the lake as the last
// successful run left it with the same fingerprint (models, settings,
// calendar, as-at date, key), unless --full; else whole. An incremental
// build that fails for any reason but cancellation (or finds too many
// children changed) leaves the live warehouse as it was, and the run
// builds whole instead: the result is the same warehouse.
func (r *Runner) buildWarehouse(ctx context.Context, build *warehouse.Build, previous *lake.Manifest, log *slog.Logger) (string, error) {
	if r.Full || previous == nil || previous.Fingerprint != build.Manifest.Fingerprint || !fileExists(r.Config.WarehousePath()) {
		return lake.BuildFull, build.Run(ctx)
	}
	err := build.RunIncremental(ctx)
	if err == nil || ctx.Err() != nil {
		return lake.BuildIncremental, err
	}
	if errors.Is(err, warehouse.ErrTooManyChanged) {
		log.InfoContext(ctx, "building the warehouse whole", "because", err)
	} else {
		log.WarnContext(ctx, "the incremental build failed; building the warehouse whole", "error", err)
	}
	return lake.BuildFull, build.Run(ctx)
}

// prepare writes run m's whole manifest, still running, before it
// publishes (its warehouse swapped in, or its ledger written): if the
// process is killed between then and the manifest's final write, the next
// run finds everything the run recorded and, the live warehouse saying the
// run published, marks it succeeded (RecoverInterrupted).
func (r *Runner) prepare(lk lake.Lake, m lake.Manifest, rebuilt bool) error {
	m.WarehouseRebuilt = rebuilt
	if err := lk.WriteManifest(m); err != nil {
		return fmt.Errorf("writing run manifest: %w", err)
	}
	return nil
}

// published reports, for RecoverInterrupted, whether the live warehouse
// says a run published, and when it finished: the run that swapped it in
// (ops.build) or a succeeded run of the ledger beside it
// (warehouse.SucceededRuns). The warehouse is read once, on the first
// question; a warehouse that cannot be read records no run.
func (r *Runner) published(ctx context.Context, log *slog.Logger) func(runID string) (time.Time, bool) {
	var runs map[string]time.Time
	return func(runID string) (time.Time, bool) {
		if runs == nil {
			runs = map[string]time.Time{}
			if !fileExists(r.Config.WarehousePath()) {
				return time.Time{}, false
			}
			got, err := warehouse.SucceededRuns(ctx, r.Config)
			maps.Copy(runs, got)
			if err != nil {
				log.WarnContext(ctx, "could not read the live warehouse's run ledger; an interrupted run is recorded as failed", "error", err)
			}
		}
		t, ok := runs[runID]
		return t, ok
	}
}
