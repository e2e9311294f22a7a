package sources

import (
	"context"
	"errors"

	"carewh/pipelines/extract"
	"carewh/pipelines/extract/cincensus"
)

// openCINCensus reads CIN census XML files: source.path is one file or a
// folder of them (several years; the latest census wins). The census has no
// record identifiers, so the source builds them from the child and dates
// (canonical.ChildScoped), which the transforms pseudonymise.
func openCINCensus(_ context.Context, env Env) (extract.Source, error) {
	cfg := env.Config
	if len(cfg.Source.Columns) > 0 {
		return nil, errors.New("source.columns: the cincensus source reads the DfE census's own element names, which cannot be renamed; remove source.columns")
	}
	return cincensus.New(env.Mem, cincensus.Options{Path: cfg.Source.Path, BatchRows: cfg.Source.BatchRows, Log: env.Log, Digests: env.Digests})
}
