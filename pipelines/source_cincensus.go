package pipelines

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/config"
	"carewh/pipelines/extract"
	"carewh/pipelines/extract/cincensus"
)

// openCINCensus reads CIN census XML files: source.path is one file or a
// folder of them (several years; the latest census wins). The census has no
// record identifiers, so the source builds them from the child and dates,
// with the child pseudonymised: it needs the run's key to do so.
func openCINCensus(_ context.Context, mem memory.Allocator, cfg *config.Config, _ time.Time, log *slog.Logger) (extract.Source, error) {
	if len(cfg.Source.Columns) > 0 {
		return nil, errors.New("source.columns: the cincensus source reads the DfE census's own element names, which cannot be renamed; remove source.columns")
	}
	// The runner has already loaded (and reported on) the key; load it the
	// same way, quietly.
	key, err := loadKey(cfg, os.Getenv, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	return cincensus.New(mem, cincensus.Options{Path: cfg.Source.Path, BatchRows: cfg.Source.BatchRows, Key: key, Log: log})
}
