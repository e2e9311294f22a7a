package lake

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"time"

	"carewh/internal/atomicfile"
	"carewh/internal/sourcefile"
)

// DigestCacheFile, in the lake, remembers each source file's content digest
// with the file's identity when it was read, so that a run whose sources
// have not changed fingerprints them without reading 6 GB of CSV again.
const DigestCacheFile = "source-digests.json"

// racyWindow: a digest is trusted only for a file last changed this long
// before it was read. A file written again within the timestamps'
// granularity of its read could keep the same times (git's "racy" entries).
const racyWindow = 2 * time.Second

// DigestCache holds content digests of source files, each valid while the
// file keeps the identity it had when read: device, inode, size, and
// modification and change times to the nanosecond. The change time (ctime)
// cannot be set back by a user, so a file rewritten with the same size and
// its modification time restored is still read again. Where a platform
// gives no change time (kernelIdentity) nothing is cached.
type DigestCache struct {
	path string
	now  func() time.Time
	// read holds the digests of files this run's readers read whole: what
	// the run read, so taken before the cache's entries and not read again.
	read *sourcefile.Digests

	mu      sync.Mutex
	entries map[string]cachedDigest
	used    map[string]bool
	reread  int
	changed bool
}

type cachedDigest struct {
	Identity sourcefile.Identity `json:"identity"`
	Sum      []byte              `json:"xxh3_128"`
}

// OpenDigestCache reads the cache at path. A missing or unreadable cache is
// an empty one: it only saves reading files again.
func OpenDigestCache(path string) *DigestCache {
	c := EmptyDigestCache(path)
	data, err := os.ReadFile(path)
	if err == nil && json.Unmarshal(data, &c.entries) != nil {
		c.entries = map[string]cachedDigest{}
	}
	return c
}

// EmptyDigestCache vouches for nothing, so every file is read (carewh run
// --full), and its Save replaces the cache at path.
func EmptyDigestCache(path string) *DigestCache {
	return &DigestCache{path: path, now: time.Now, entries: map[string]cachedDigest{}, used: map[string]bool{}, changed: true}
}

// Adopt makes the digests of the files a run's readers read whole this
// run's digests of those files; each is remembered for later runs too when
// the file did not change while it was read.
func (c *DigestCache) Adopt(read *sourcefile.Digests) { c.read = read }

// digest returns path's digest: as this run read it, else from the cache
// when the file is unchanged, else read now and remembered. A nil cache
// reads every file.
func (c *DigestCache) digest(ctx context.Context, path string) (sourcefile.Digest, error) {
	if c == nil {
		return sourcefile.DigestFile(ctx, path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return sourcefile.Digest{}, err
	}
	if r, ok := c.read.Lookup(abs); ok {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.used[abs] = true
		c.remember(abs, r)
		return r.Digest, nil
	}
	before, trusted, err := sourcefile.Identify(path)
	if err != nil {
		return sourcefile.Digest{}, err
	}
	c.mu.Lock()
	c.used[abs] = true
	entry, ok := c.entries[abs]
	c.mu.Unlock()
	if ok && trusted && entry.Identity == before && len(entry.Sum) == 16 {
		d := sourcefile.Digest{Size: entry.Identity.Size}
		copy(d.Sum[:], entry.Sum)
		return d, nil
	}
	d, err := sourcefile.DigestFile(ctx, path)
	if err != nil {
		return sourcefile.Digest{}, err
	}
	after, _, err := sourcefile.Identify(path)
	if err != nil {
		return sourcefile.Digest{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reread++
	c.remember(abs, sourcefile.Read{Digest: d, Before: before, After: after, Trusted: trusted})
	return d, nil
}

// remember keeps r's digest as that of the file at abs while the file
// keeps the identity it had when read, if it kept one through the read and
// that is not racy; else the file has no entry. Called with c.mu held.
func (c *DigestCache) remember(abs string, r sourcefile.Read) {
	if r.Trusted && r.After == r.Before && r.After.Size == r.Size && !c.racy(r.After) {
		c.entries[abs] = cachedDigest{Identity: r.After, Sum: r.Sum[:]}
		c.changed = true
	} else if _, had := c.entries[abs]; had {
		delete(c.entries, abs)
		c.changed = true
	}
}

func (c *DigestCache) racy(id sourcefile.Identity) bool {
	limit := c.now().Add(-racyWindow).UnixNano()
	return id.ModifiedNanos >= limit || id.ChangedNanos >= limit
}

// Reread is how many files the cache could not vouch for and were read.
func (c *DigestCache) Reread() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reread
}

// Save writes the cache, keeping only the files looked up since it was
// opened, so that files removed from the source do not accumulate.
func (c *DigestCache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for path := range c.entries {
		if !c.used[path] {
			delete(c.entries, path)
			c.changed = true
		}
	}
	if !c.changed {
		return nil
	}
	data, err := json.Marshal(c.entries)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(c.path, data); err != nil {
		return err
	}
	c.changed = false
	return nil
}
