// Package sources is the one registry of source kinds: for each kind a
// config may name (config.SourceKinds), how to open it and what it is.
// Runs open their source here; so does re-identification.
package sources

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/config"
	"carewh/internal/sourcefile"
	"carewh/pipelines/extract"
	"carewh/pipelines/extract/ssdcsv"
)

// Env is what opening a source may need from the run.
type Env struct {
	Mem    memory.Allocator
	Config *config.Config
	AsOf   time.Time
	Getenv func(string) string
	Log    *slog.Logger
	// Existing opens what is there and makes nothing: the synthetic source
	// reads the council a run generated instead of generating one.
	Existing bool
	// Digests, when not nil, receives the digest of each source file read
	// whole, for the run's input fingerprint.
	Digests *sourcefile.Digests
}

// opener builds the source a config names.
type opener func(ctx context.Context, env Env) (extract.Source, error)

// kind is one source kind.
type kind struct {
	open opener
	// files: the source reads nothing but the files under source.path, so
	// that hashing those files says whether the input changed.
	files bool
	// names: its person and professionals tables are the SSD's, with names
	// (pers_forename, pers_surname, prof_professional_name); the others (an
	// SSDA903 return, a CIN census) hold the child's id only.
	names bool
}

// kinds is the registry, a kind for each name in config.SourceKinds.
var kinds = map[string]kind{
	config.SourceSSDCSV:    {open: openSSDCSV, files: true, names: true},
	config.SourceSynthetic: {open: openSynthetic, files: true, names: true},
	config.SourceSSDDB:     {open: openSSDDB, names: true},
	config.SourceSSDA903:   {open: openSSDA903, files: true},
	config.SourceCINCensus: {open: openCINCensus, files: true},
}

// Open opens the source env.Config names.
func Open(ctx context.Context, env Env) (extract.Source, error) {
	k, ok := kinds[env.Config.Source.Kind]
	if !ok {
		return nil, fmt.Errorf("no source kind %q", env.Config.Source.Kind)
	}
	return k.open(ctx, env)
}

// FilesOnly reports whether a source kind reads nothing but the files
// under source.path.
func FilesOnly(name string) bool { return kinds[name].files }

// HasNames reports whether a source kind's person and professionals
// tables carry names.
func HasNames(name string) bool { return kinds[name].names }

func openSSDCSV(_ context.Context, env Env) (extract.Source, error) {
	cfg := env.Config
	return ssdcsv.New(env.Mem, ssdcsv.Options{Dir: cfg.Source.Path, BatchRows: cfg.Source.BatchRows, Columns: cfg.Source.Columns, Log: env.Log, Digests: env.Digests})
}
