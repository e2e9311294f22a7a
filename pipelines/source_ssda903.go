package pipelines

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/config"
	"carewh/pipelines/extract"
	"carewh/pipelines/extract/ssda903"
)

// openSSDA903 reads a council's DfE SSDA903 return files: one folder per
// collection year under source.path.
//
// The 903 has no episode, review or placement ids; the source makes them
// from the child's pseudonym and a date, so it needs the pseudonymisation
// key. It reads the key from the process environment the way the runner
// does (the runner has already loaded it, so a demo key file exists).
func openSSDA903(_ context.Context, mem memory.Allocator, cfg *config.Config, _ time.Time, log *slog.Logger) (extract.Source, error) {
	key, err := loadKey(cfg, os.Getenv, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, fmt.Errorf("opening the SSDA903 source: %w", err)
	}
	if len(cfg.Source.Columns) > 0 {
		log.Warn("source.columns is ignored by the ssda903 source: the DfE column names are fixed")
	}
	return ssda903.New(mem, ssda903.Options{Dir: cfg.Source.Path, BatchRows: cfg.Source.BatchRows, Key: key, Log: log})
}
