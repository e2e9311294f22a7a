package lake

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"carewh/config"
	"carewh/internal/sourcefile"
	"carewh/pipelines/sources"
)

// InputFingerprint hashes everything the lake's snapshot of a run is made
// from: every byte of the source files, the source and transform settings,
// the pseudonymisation key (through an HMAC, so the key cannot be recovered
// from it) and the carewh build. Two runs with the same input fingerprint
// would stage the same rows and quarantine, so the second may skip ingest
// and change detection altogether. It returns "" for a source it cannot
// fingerprint (a database), which never skips. cache, when not nil, vouches
// for the digests of files unchanged since it last read them.
//
// It also returns the size of each file hashed, by its path under the
// source path (SourceSizes).
func InputFingerprint(ctx context.Context, cfg *config.Config, asOf time.Time, key []byte, cache *DigestCache) (string, map[string]int64, error) {
	if !sources.FilesOnly(cfg.Source.Kind) {
		return "", nil, nil
	}
	build, err := buildID()
	if err != nil || build == "" {
		return "", nil, err
	}
	h := sha256.New()
	settings, err := json.Marshal(struct {
		Build    string
		Source   config.Source
		Mappings config.CodeMappings
		Privacy  config.Privacy
		AsOf     time.Time
		Key      []byte
	}{build, cfg.Source, cfg.Mappings, cfg.Privacy, asOf, KeyDigest(key)})
	if err != nil {
		return "", nil, err
	}
	h.Write(settings)
	sizes, err := HashTree(ctx, h, cfg.Source.Path, cache)
	if err != nil {
		return "", nil, fmt.Errorf("fingerprinting the source files: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), sizes, nil
}

// SourceSizes is the size of each regular file under root (or of root,
// when it is a file), by its slash-separated path relative to root, from
// the file system alone.
func SourceSizes(root string) (map[string]int64, error) {
	paths, err := regularFiles(context.Background(), root)
	if err != nil {
		return nil, err
	}
	sizes := make(map[string]int64, len(paths))
	for _, path := range paths {
		info, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		rel, err := relPath(root, path)
		if err != nil {
			return nil, err
		}
		sizes[rel] = info.Size()
	}
	return sizes, nil
}

// regularFiles lists every regular file under root (or root itself, when
// it is a file), in lexical order.
func regularFiles(ctx context.Context, root string) ([]string, error) {
	var paths []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			paths = append(paths, path)
		}
		return ctx.Err()
	})
	return paths, err
}

// relPath is path's slash-separated path relative to root, as a
// fingerprint names a file.
func relPath(root, path string) (string, error) {
	rel, err := filepath.Rel(root, path)
	return filepath.ToSlash(rel), err
}

// KeyDigest stands for the pseudonymisation key in a fingerprint.
func KeyDigest(key []byte) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("carewh input fingerprint"))
	return mac.Sum(nil)
}

// HashTree writes the relative path, size and content digest of every
// regular file under root (or of root itself, when it is a file) to h, in
// lexical order. Contents are digested with XXH3-128, a file per core at a
// time: a fingerprint guards against accidental change, not an adversary
// (who could as well change the files before they were read), and XXH3
// reads as fast as the disk, where SHA-256 would add a minute to a
// national-scale run. With a cache, a file this run's readers read whole
// (DigestCache.Adopt), or whose identity is unchanged since it was last
// read, is not read again. It returns the size of each file it hashed, as
// SourceSizes does.
func HashTree(ctx context.Context, h io.Writer, root string, cache *DigestCache) (map[string]int64, error) {
	paths, err := regularFiles(ctx, root)
	if err != nil {
		return nil, err
	}
	digests := make([]sourcefile.Digest, len(paths))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, path := range paths {
		g.Go(func() error {
			var err error
			digests[i], err = cache.digest(ctx, path)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	sizes := make(map[string]int64, len(paths))
	for i, path := range paths {
		rel, err := relPath(root, path)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "%s\x00%d\x00%x\x00", rel, digests[i].Size, digests[i].Sum[:])
		sizes[rel] = digests[i].Size
	}
	return sizes, nil
}

var (
	buildOnce sync.Once
	buildSum  string
	buildErr  error
)

// buildID identifies the running carewh build, so that a new release (a
// fixed transform, a new code list) re-reads unchanged sources: the Go
// build ID of the executable where it has one, else a hash of the file.
func buildID() (string, error) {
	buildOnce.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			buildErr = fmt.Errorf("finding the carewh executable: %w", err)
			return
		}
		if f, err := elf.Open(exe); err == nil {
			defer f.Close()
			if s := f.Section(".note.go.buildid"); s != nil {
				if data, err := s.Data(); err == nil && len(data) > 0 {
					sum := sha256.Sum256(data)
					buildSum = hex.EncodeToString(sum[:])
					return
				}
			}
		}
		h := sha256.New()
		if _, err := HashTree(context.Background(), h, exe, nil); err != nil {
			buildErr = fmt.Errorf("fingerprinting the carewh executable: %w", err)
			return
		}
		buildSum = hex.EncodeToString(h.Sum(nil))
	})
	return buildSum, buildErr
}
