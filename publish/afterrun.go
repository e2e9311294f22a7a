package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"carewh/config"
	"carewh/pipelines"
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
	db, err := pipelines.OpenWarehouseWriting(cfg, dirs...)
	if err != nil {
		return err
	}
	defer db.Close()
	var errs []error
	if marts {
		if _, err := exportMarts(ctx, db, cfg.MartExportDir(), log); err != nil {
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
