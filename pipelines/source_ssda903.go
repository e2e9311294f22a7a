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

// openSSDA903 reads a council's DfE SSDA903 return files.
func openSSDA903(_ context.Context, _ memory.Allocator, _ *config.Config, _ time.Time, _ *slog.Logger) (extract.Source, error) {
	return nil, errors.New("the ssda903 source is being built (issue 4)")
}
