package lake

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"time"

	"carewh/internal/atomicfile"
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

	mu      sync.Mutex
	entries map[string]cachedDigest
	used    map[string]bool
	reread  int
	changed bool
}

type cachedDigest struct {
	Identity fileIdentity `json:"identity"`
	Sum      []byte       `json:"xxh3_128"`
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

// digest returns path's digest from the cache when the file is unchanged,
// else reads it and remembers the result. A nil cache reads every file.
func (c *DigestCache) digest(ctx context.Context, path string) (fileDigest, error) {
	if c == nil {
		return digestFile(ctx, path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fileDigest{}, err
	}
	before, cacheable, err := identify(path)
	if err != nil {
		return fileDigest{}, err
	}
	c.mu.Lock()
	c.used[abs] = true
	entry, ok := c.entries[abs]
	c.mu.Unlock()
	if ok && cacheable && entry.Identity == before && len(entry.Sum) == 16 {
		d := fileDigest{size: entry.Identity.Size}
		copy(d.sum[:], entry.Sum)
		return d, nil
	}
	d, err := digestFile(ctx, path)
	if err != nil {
		return fileDigest{}, err
	}
	after, _, err := identify(path)
	if err != nil {
		return fileDigest{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reread++
	if cacheable && after == before && !c.racy(after) {
		c.entries[abs] = cachedDigest{Identity: after, Sum: d.sum[:]}
		c.changed = true
	} else if _, had := c.entries[abs]; had {
		delete(c.entries, abs)
		c.changed = true
	}
	return d, nil
}

func (c *DigestCache) racy(id fileIdentity) bool {
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
