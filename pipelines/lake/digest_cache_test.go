//go:build linux

package lake

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"

	"carewh/internal/sourcefile"
)

// TestDigestCache: a file unchanged since a run read it is not read again
// and fingerprints the same; one rewritten with the same size and its
// modification time put back is read again (its change time moved), as is
// one changed within the racy window of its read; a file gone from the
// source leaves the cache; a corrupt cache is an empty one.
func TestDigestCache(t *testing.T) {
	source := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(source, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.csv", "id,date\n1,2024-01-01\n")
	write("b.csv", "id\n2\n")
	cachePath := filepath.Join(t.TempDir(), "lake", DigestCacheFile)
	later := func() time.Time { return time.Now().Add(time.Hour) }

	fingerprint := func(cache *DigestCache) (string, int) { return hashSource(t, source, cache) }
	uncached := func() string {
		t.Helper()
		h, _ := hashSource(t, source, nil)
		return h
	}
	opened := func(now func() time.Time) *DigestCache {
		c := OpenDigestCache(cachePath)
		c.now = now
		return c
	}

	first, read := fingerprint(opened(later))
	if first != uncached() || read != 2 {
		t.Fatalf("first fingerprint %s read %d files; want %s from both files", first, read, uncached())
	}
	if again, read := fingerprint(opened(later)); again != first || read != 0 {
		t.Errorf("unchanged files fingerprinted %s reading %d files, want %s reading none", again, read, first)
	}

	a := filepath.Join(source, "a.csv")
	info, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	write("a.csv", "id,date\n1,2024-01-02\n")
	if err := os.Chtimes(a, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	edited, read := fingerprint(opened(later))
	if edited == first || edited != uncached() || read != 1 {
		t.Errorf("a file rewritten with its size and time kept fingerprinted %s reading %d files; want %s, reading it alone",
			edited, read, uncached())
	}

	// Read within the racy window, b is not vouched for: the next run reads it again.
	if _, read := fingerprint(EmptyDigestCache(cachePath)); read != 2 {
		t.Errorf("an empty cache read %d files, want 2", read)
	}
	if _, read := fingerprint(opened(later)); read != 2 {
		t.Errorf("files read just after they changed were trusted: %d read, want 2", read)
	}

	if err := os.Remove(filepath.Join(source, "b.csv")); err != nil {
		t.Fatal(err)
	}
	fingerprint(opened(later))
	if kept := OpenDigestCache(cachePath).entries; len(kept) != 1 {
		t.Errorf("after b.csv was removed the cache holds %d files, want 1", len(kept))
	}

	if err := os.WriteFile(cachePath, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, read := fingerprint(opened(later)); got != uncached() || read != 1 {
		t.Errorf("a corrupt cache fingerprinted %s reading %d files, want %s reading every file", got, read, uncached())
	}
}

// TestDigestCacheAdopts: a file a reader read whole this run is not read
// again, fingerprints as a fresh read does, and is remembered for the next
// run. SourceSizes gives each file's size by its path under the source.
func TestDigestCacheAdopts(t *testing.T) {
	source := t.TempDir()
	a, b := filepath.Join(source, "a.csv"), filepath.Join(source, "b.csv")
	for path, content := range map[string]string{a: "id,date\n1,2024-01-01\n", b: "id\n2\n"} {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cachePath := filepath.Join(t.TempDir(), DigestCacheFile)
	later := func() time.Time { return time.Now().Add(time.Hour) }
	fingerprint := func(read *sourcefile.Digests) (string, int) {
		t.Helper()
		c := OpenDigestCache(cachePath)
		c.now = later
		c.Adopt(read)
		return hashSource(t, source, c)
	}
	uncached, _ := hashSource(t, source, nil)

	read := sourcefile.NewDigests()
	f, err := sourcefile.Open(a, read)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got, n := fingerprint(read); got != uncached || n != 1 {
		t.Errorf("with a.csv read by a reader, fingerprinted %s reading %d files; want %s reading b.csv alone", got, n, uncached)
	}
	if _, n := fingerprint(nil); n != 0 {
		t.Errorf("the next run read %d files, want none: the reader's digest of a.csv was not kept", n)
	}

	sizes, err := SourceSizes(source)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int64{"a.csv": 21, "b.csv": 5}; !maps.Equal(sizes, want) {
		t.Errorf("SourceSizes = %v, want %v", sizes, want)
	}
}

// hashSource hashes the files under source through cache (nil: reading
// every file), saving the cache as a run does, and says how many files the
// cache read.
func hashSource(t *testing.T, source string, cache *DigestCache) (string, int) {
	t.Helper()
	h := sha256.New()
	if _, err := HashTree(context.Background(), h, source, cache); err != nil {
		t.Fatal(err)
	}
	if cache == nil {
		return hex.EncodeToString(h.Sum(nil)), 0
	}
	if err := cache.Save(); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil)), cache.Reread()
}
