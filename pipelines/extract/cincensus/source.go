package cincensus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/internal/sourcefile"
	"carewh/pipelines/extract"
)

// DefaultMaxKeys caps the keys remembered per table while reading several
// census files (see Options.MaxKeys).
const DefaultMaxKeys = 2_000_000

// Options configure a Source.
type Options struct {
	// Path is one census XML file, or a folder whose .xml files (and those
	// of its subfolders, e.g. one per year) are all census files.
	Path      string
	BatchRows int
	// MaxKeys caps the distinct keys per table remembered to drop the rows
	// an older census repeats (about 40 bytes each); 0 means
	// DefaultMaxKeys. A table with more fails the run with a clear error.
	MaxKeys int
	// MaxChildElements caps the repeated elements kept from one <Child>
	// (episodes of need, S47 enquiries, plans, reviews, review dates); a
	// child with more is set aside. 0 means maxChildElements.
	MaxChildElements int
	Log              *slog.Logger
	// Digests, when not nil, receives the digest of each file read whole
	// (sourcefile.Open), so the run's input fingerprint need not read it again.
	Digests *sourcefile.Digests
}

// censusFile is one census file and its header.
type censusFile struct {
	path    string
	name    string // relative to the source path, as messages show it
	refDate time.Time
	lea     string
}

// Source reads CIN census XML files.
type Source struct {
	mem   memory.Allocator
	opts  Options
	files []censusFile // latest reference date first
}

// New finds the census files under opts.Path and reads each one's header,
// so that files are read latest census first. Every file's problem is
// reported at once.
func New(mem memory.Allocator, opts Options) (*Source, error) {
	if opts.BatchRows < 1 {
		opts.BatchRows = 65536
	}
	if opts.MaxKeys < 1 {
		opts.MaxKeys = DefaultMaxKeys
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	paths, err := findFiles(opts.Path)
	if err != nil {
		return nil, err
	}
	var files []censusFile
	var errs []error
	for _, p := range paths {
		f, err := readFile(opts.Path, p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		files = append(files, f)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("reading CIN census headers: %w", err)
	}
	if len(files) > math.MaxUint16 {
		return nil, fmt.Errorf("opening CIN census source: %d files in %s; at most %d can be read at once", len(files), opts.Path, math.MaxUint16)
	}
	if err := sameAuthority(files); err != nil {
		return nil, err
	}
	// Latest census first; on the same reference date, the name sorting
	// last (e.g. a resubmission named …_v2.xml) first.
	slices.SortStableFunc(files, func(a, b censusFile) int {
		if c := b.refDate.Compare(a.refDate); c != 0 {
			return c
		}
		return strings.Compare(b.name, a.name)
	})
	for i := 1; i < len(files); i++ {
		if files[i].refDate.Equal(files[i-1].refDate) {
			opts.Log.Warn("two CIN census files have the same reference date: the first wins where they disagree",
				"first", files[i-1].name, "second", files[i].name, "reference_date", files[i].refDate.Format(time.DateOnly))
		}
	}
	for _, f := range files {
		opts.Log.Info("CIN census file", "file", f.name, "reference_date", f.refDate.Format(time.DateOnly))
	}
	return &Source{mem: mem, opts: opts, files: files}, nil
}

// findFiles lists the census files: Path itself, or the .xml files under
// it (hidden files and folders left out), sorted.
func findFiles(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("opening CIN census source: %w", err)
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var paths []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != path && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(d.Name()), ".xml") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing CIN census files in %s: %w", path, err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("opening CIN census source: no .xml files in %s", path)
	}
	slices.Sort(paths)
	return paths, nil
}

// readFile reads a file's header: it must be a CIN collection with a
// reference date, which orders the files.
func readFile(root, path string) (censusFile, error) {
	name := filepath.Base(path)
	if rel, err := filepath.Rel(root, path); err == nil && rel != "." {
		name = rel
	}
	s, err := readHeader(path, name)
	if err != nil {
		return censusFile{}, err
	}
	f := censusFile{path: path, name: name}
	h := s.header
	if h == nil {
		return f, fmt.Errorf("%s: no <Header>: the census's CollectionDetails/ReferenceDate is needed to order census files", name)
	}
	if c := strings.TrimSpace(h.Collection.Value); h.Collection.Set && !strings.EqualFold(c, "CIN") {
		return f, fmt.Errorf("%s line %d: <Collection> is %q, not CIN: not a CIN census file", name, h.Collection.Line, c)
	}
	ref := strings.TrimSpace(h.ReferenceDate.Value)
	if !h.ReferenceDate.Set || ref == "" {
		return f, fmt.Errorf("%s line %d: the <Header> has no CollectionDetails/ReferenceDate: it is needed to order census files", name, s.headerEnd)
	}
	f.refDate, err = time.Parse(time.DateOnly, ref)
	if err != nil {
		return f, fmt.Errorf("%s line %d: <ReferenceDate> %q is not a date (yyyy-mm-dd)", name, h.ReferenceDate.Line, ref)
	}
	f.lea = strings.TrimSpace(h.LEA.Value)
	return f, nil
}

// sameAuthority refuses census files of different local authorities: the
// same LAchildID would then name different children.
func sameAuthority(files []censusFile) error {
	var first *censusFile
	for i := range files {
		f := &files[i]
		if f.lea == "" {
			continue
		}
		if first == nil {
			first = f
		} else if f.lea != first.lea {
			return fmt.Errorf("CIN census files of different local authorities: %s is LEA %s, %s is LEA %s",
				first.name, first.lea, f.name, f.lea)
		}
	}
	return nil
}

// Open starts reading a table from every census file, latest first.
func (s *Source) Open(ctx context.Context, table *canonical.Table, q canonical.Quarantine) (extract.TableReader, error) {
	spec, ok := specs[table.Name]
	if !ok {
		return nil, fmt.Errorf("table %s: the CIN census has no such records: %w", table.Name, extract.ErrNotProvided)
	}
	return newTableReader(ctx, s, table, spec, q)
}

// Close does nothing: each reader owns its files.
func (s *Source) Close() error { return nil }

// Files lists the census files in the order they are read, latest first.
func (s *Source) Files() []string {
	names := make([]string, len(s.files))
	for i, f := range s.files {
		names[i] = f.name
	}
	return names
}
