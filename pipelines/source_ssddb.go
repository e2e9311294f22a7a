package pipelines

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/config"
	"carewh/pipelines/extract"
)

// openSSDDB reads SSD tables from a PostgreSQL or SQL Server database.
func openSSDDB(_ context.Context, _ memory.Allocator, _ *config.Config, _ time.Time, _ *slog.Logger) (extract.Source, error) {
	return nil, errors.New("the ssddb source is being built (issue 4)")
}
