package ssda903

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/internal/sourcefile"
	"carewh/pipelines/extract"
)

// Options configure a Source.
type Options struct {
	// Dir holds one folder per collection year.
	Dir       string
	BatchRows int
	// Log receives warnings (unknown columns, superseded episodes, missing
	// optional files); nil discards them.
	Log *slog.Logger
	// Mapper maps descriptions to codes, as the transforms do (config's
	// code mappings); nil maps nothing.
	Mapper canonical.CodeMapper
	// Digests, when not nil, receives the digest of each file read whole
	// (sourcefile.Open), so the run's input fingerprint need not read it again.
	Digests *sourcefile.Digests
}

// Source reads the SSDA903 returns under one folder.
type Source struct {
	mem         memory.Allocator
	opts        Options
	log         *slog.Logger
	collections []collection

	episodesOnce sync.Once
	episodes     *episodeIndex
	episodesErr  error
}

// New finds the collection-year folders under opts.Dir.
func New(mem memory.Allocator, opts Options) (*Source, error) {
	info, err := os.Stat(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("opening SSDA903 folder: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("opening SSDA903 folder: %s is not a folder", opts.Dir)
	}
	if opts.BatchRows < 1 {
		opts.BatchRows = 65536
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	colls, err := findCollections(opts.Dir)
	if err != nil {
		return nil, err
	}
	for _, c := range colls {
		log.Info("SSDA903 collection year", "folder", c.folder, "year", c.label(),
			"from", iso(c.start()), "to", iso(c.end()))
	}
	return &Source{mem: mem, opts: opts, log: log, collections: colls}, nil
}

// Close does nothing: each reader owns its files.
func (s *Source) Close() error { return nil }

// Open starts reading a canonical table.
func (s *Source) Open(ctx context.Context, table *canonical.Table, q canonical.Quarantine) (extract.TableReader, error) {
	var r extract.TableReader
	var err error
	switch table.Name {
	case "person":
		r, err = s.openPerson(ctx, table, q)
	case "cla_episodes":
		r, err = s.openEpisodes(ctx, table, q)
	case "cla_placements":
		r, err = s.openPlacements(ctx, table, q)
	case "cla_reviews":
		r, err = s.openReviews(ctx, table, q)
	case "permanence":
		r, err = s.openPermanence(ctx, table, q)
	case "cla_health":
		r, err = s.openHealth(ctx, table, q)
	default:
		return nil, fmt.Errorf("table %s: the SSDA903 return has no such data: %w", table.Name, extract.ErrNotProvided)
	}
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", table.Name, err)
	}
	return r, nil
}

// episodeIndex reads the Episodes files once, for every table derived
// from them.
func (s *Source) episodeIndex(q canonical.Quarantine) (*episodeIndex, error) {
	s.episodesOnce.Do(func() {
		s.episodes, s.episodesErr = s.loadEpisodes(q)
	})
	return s.episodes, s.episodesErr
}

// yearFile is one return's file of one kind.
type yearFile struct {
	coll collection
	path string
}

// yearFiles finds a kind of file in every year, newest return first. A
// year without a file it must have is an error; one without an optional
// file is logged. errMissingEverywhere means no year has the file.
func (s *Source) yearFiles(spec *fileSpec) ([]yearFile, error) {
	var out []yearFile
	var missing []string
	for i := len(s.collections) - 1; i >= 0; i-- {
		c := s.collections[i]
		path, err := findFile(c, spec)
		if err != nil {
			return nil, err
		}
		if path == "" {
			missing = append(missing, c.folder)
			continue
		}
		out = append(out, yearFile{coll: c, path: path})
	}
	if len(missing) > 0 && spec.perYear {
		return nil, fmt.Errorf("no %s file (a .csv with %q in its name) in %v", spec.name, spec.keywords[0], missing)
	}
	if len(out) == 0 {
		return nil, errMissingEverywhere
	}
	if len(missing) > 0 {
		s.log.Warn("SSDA903 file missing from some years", "file", spec.name, "folders", missing)
	}
	return out, nil
}

var errMissingEverywhere = errors.New("no year has the file")

// openFiles opens a kind of file in every year, newest first; the caller
// closes them. With no such file anywhere, the table is not provided.
func (s *Source) openFiles(spec *fileSpec) ([]*csvFile, error) {
	files, err := s.yearFiles(spec)
	if errors.Is(err, errMissingEverywhere) {
		return nil, fmt.Errorf("no collection year has a %s file: %w", spec.name, extract.ErrNotProvided)
	}
	if err != nil {
		return nil, err
	}
	var out []*csvFile
	for _, yf := range files {
		f, err := openCSV(yf.path, yf.coll, spec, s.opts.Digests, s.log)
		if err != nil {
			closeAll(out)
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func closeAll(files []*csvFile) {
	for _, f := range files {
		f.close()
	}
}
