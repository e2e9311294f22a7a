package pipelines

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"carewh/config"
	"carewh/pipelines/lake"
)

// refreshLedger carries the previous warehouse forward, with only its run
// ledger brought up to date with run m.
func (r *Runner) refreshLedger(ctx context.Context, build *warehouseBuild, m *lake.Manifest, stageStart *time.Time) error {
	if err := r.prepare(build.lk, *m, false); err != nil {
		return err
	}
	build.run = *m
	build.run.Status = lake.StatusSucceeded
	if err := build.refreshLedger(ctx); err != nil {
		return fmt.Errorf("refreshing warehouse ledger: %w", err)
	}
	r.stageDone("warehouse", stageStart)
	return nil
}

// prepare writes run m's whole manifest, still running, before its
// warehouse is swapped in: if the process is killed between the swap and
// the manifest's final write, the next run finds everything the run
// recorded and, the live warehouse saying the run succeeded, marks it so
// (RecoverInterrupted).
func (r *Runner) prepare(lk lake.Lake, m lake.Manifest, rebuilt bool) error {
	m.WarehouseRebuilt = rebuilt
	if err := lk.WriteManifest(m); err != nil {
		return fmt.Errorf("writing run manifest: %w", err)
	}
	return nil
}

// published reports, for RecoverInterrupted, whether the live warehouse's
// ops.runs records a run as succeeded, and when it finished. The warehouse
// is read once, on the first question; a warehouse that cannot be read
// records no run.
func (r *Runner) published(ctx context.Context, log *slog.Logger) func(runID string) (time.Time, bool) {
	var runs map[string]time.Time
	return func(runID string) (time.Time, bool) {
		if runs == nil {
			runs = map[string]time.Time{}
			if !fileExists(r.Config.WarehousePath()) {
				return time.Time{}, false
			}
			if err := readSucceededRuns(ctx, r.Config, runs); err != nil {
				log.WarnContext(ctx, "could not read the live warehouse's run ledger; an interrupted run is recorded as failed", "error", err)
			}
		}
		t, ok := runs[runID]
		return t, ok
	}
}

// readSucceededRuns fills runs with the succeeded runs of the live
// warehouse's ops.runs and their finish times.
func readSucceededRuns(ctx context.Context, cfg *config.Config, runs map[string]time.Time) error {
	db, err := OpenWarehouse(cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT run_id, finished FROM ops.runs WHERE status = ? AND finished IS NOT NULL", lake.StatusSucceeded)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var finished time.Time
		if err := rows.Scan(&id, &finished); err != nil {
			return err
		}
		runs[id] = finished.UTC()
	}
	return rows.Err()
}
