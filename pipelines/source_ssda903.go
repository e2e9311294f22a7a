package pipelines

import (
	"context"

	"carewh/pipelines/extract"
	"carewh/pipelines/extract/ssda903"
)

// openSSDA903 reads a council's DfE SSDA903 return files: one folder per
// collection year under source.path.
//
// The 903 has no episode, review or placement ids; the source makes them
// from the child's pseudonym and a date, so it needs the pseudonymisation
// key, which the runner passes in.
func openSSDA903(_ context.Context, env sourceEnv) (extract.Source, error) {
	cfg := env.cfg
	if len(cfg.Source.Columns) > 0 {
		env.log.Warn("source.columns is ignored by the ssda903 source: the DfE column names are fixed")
	}
	return ssda903.New(env.mem, ssda903.Options{Dir: cfg.Source.Path, BatchRows: cfg.Source.BatchRows, Key: env.key, Rekeying: env.rekeying, Log: env.log,
		Mapper: cfg.Mappings})
}
