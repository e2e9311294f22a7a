package publish

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"carewh/config"
	"carewh/pipelines/warehouse"
	"carewh/publish/tracker"
)

// AfterRun writes what the config's exports section asks for once a run
// has succeeded: every mart as Parquet (exports.marts) and the permanence
// tracker feed (exports.tracker_feed). It reads the warehouse read-only,
// able to write files only in the folders of those outputs, and returns
// every failure, joined; a failure leaves the previous files in place.
func AfterRun(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	marts := cfg.Exports.Marts != nil && *cfg.Exports.Marts
	feed := cfg.Exports.TrackerFeed
	if !marts && feed.Format == "" {
		return nil
	}
	var dirs []string
	if marts {
		dirs = append(dirs, cfg.MartExportDir())
	}
	if feed.Format == "parquet" {
		dirs = append(dirs, filepath.Dir(feed.Path))
	}
	db, err := warehouse.OpenWriting(cfg, dirs...)
	if err != nil {
		return err
	}
	defer db.Close()
	var errs []error
	if marts {
		if err := exportChangedMarts(ctx, db, cfg.MartExportDir(), log); err != nil {
			errs = append(errs, err)
		}
	}
	if feed.Format != "" {
		start := time.Now()
		t, err := tracker.WriteFile(ctx, db, feed.Path, tracker.Options{Format: feed.Format, SheetPerTeam: feed.SheetPerTeam})
		if err != nil {
			errs = append(errs, fmt.Errorf("writing the tracker feed: %w", err))
		} else {
			log.InfoContext(ctx, "tracker feed written", "file", feed.Path, "rows", len(t.Rows),
				"duration_seconds", time.Since(start).Seconds())
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return withCancel(ctx, errors.Join(errs...))
}

// exportChangedMarts exports every mart unless the folder already holds
// those of the build the warehouse has: a run that found no change writes
// nothing again.
func exportChangedMarts(ctx context.Context, db *sql.DB, dir string, log *slog.Logger) error {
	build, err := builtBy(ctx, db)
	if err != nil {
		return fmt.Errorf("reading which run built the warehouse: %w", err)
	}
	if build != "" && exportedBuild(dir) == build && allExported(ctx, db, dir) {
		log.InfoContext(ctx, "marts unchanged since they were exported: not written again", "dir", dir, "built_by", build)
		return nil
	}
	if err := forgetExport(dir); err != nil {
		return err
	}
	if _, err := exportMarts(ctx, db, dir, log); err != nil {
		return err
	}
	return stampExport(dir, build)
}
