package sources

import (
	"context"

	"carewh/pipelines/extract"
	"carewh/pipelines/extract/ssda903"
)

// openSSDA903 reads a council's DfE SSDA903 return files: one folder per
// collection year under source.path.
//
// The 903 has no episode, review or placement ids; the source makes them
// from the child and a date (canonical.ChildScoped), which the transforms
// pseudonymise.
func openSSDA903(_ context.Context, env Env) (extract.Source, error) {
	cfg := env.Config
	if len(cfg.Source.Columns) > 0 {
		env.Log.Warn("source.columns is ignored by the ssda903 source: the DfE column names are fixed")
	}
	return ssda903.New(env.Mem, ssda903.Options{Dir: cfg.Source.Path, BatchRows: cfg.Source.BatchRows, Log: env.Log,
		Mapper: cfg.Mappings, Digests: env.Digests})
}
