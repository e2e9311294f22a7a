package transforms

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"strings"

	"carewh/canonical"
)

// MinKeyBytes is the shortest HMAC key accepted.
const MinKeyBytes = 32

// Pseudonymiser replaces identifiers with a keyed HMAC-SHA256, so the same
// child, worker or record has the same pseudonym in every table and run,
// and nobody without the key can recover or test a guess at the real
// identifier. Each domain (canonical.Identifier: children, staff, episodes,
// reviews …) is hashed apart, so two ids that are equal in different
// domains (a child and a worker, an episode and a review) do not share a
// pseudonym.
type Pseudonymiser struct {
	mac     hash.Hash
	buf     []byte    // the HMAC's input, then its sum
	domains []*domain // in the order first used: a table has a few, and a scan costs less than a map's hash
	last    *domain   // the domain of the previous call, looked up again most often

	rekeying *Rekeying      // while carewh rekey reads the source, or nil
	old      *Pseudonymiser // the lake's old key, while rekeying
}

// domain is one identifier domain's HMAC prefix and its cache of recent
// pseudonyms.
type domain struct {
	kind   canonical.Identifier
	prefix []byte // the domain and ":"
	cache  map[string]string
	hits   int  // since the cache last started again
	off    bool // the cache did not pay: the domain's ids do not come back
}

// cacheSize bounds each domain's cache of recent pseudonyms: a worker's
// id comes back all through a table, so a small cache saves most of
// their HMACs; when full it starts again, so memory stays flat however
// large the table.
const cacheSize = 1 << 16

// minCacheHits is how many hits a full cache must have served to start
// again. Fewer, and the domain is not cached further by this
// Pseudonymiser: its ids do not come back. A child's, an episode's or a
// placement's ids come in one run of a table's rows, which the Conformer
// catches by comparing each id with its column's last (recentID); cached,
// at national scale they missed the cache 29 million times and hit it
// 60 thousand, and each miss paid a lookup, an insert and a copy on top of
// its HMAC. A worker's ids hit 99 times in 100.
const minCacheHits = cacheSize / 4

// NewPseudonymiser takes the secret key.
func NewPseudonymiser(key []byte) (*Pseudonymiser, error) {
	if len(key) < MinKeyBytes {
		return nil, errors.New("the HMAC key must be at least 32 bytes")
	}
	return &Pseudonymiser{mac: hmac.New(sha256.New, key)}, nil
}

// Pseudonym returns the pseudonym of id in the identifier's domain: 32
// lower-case hex digits, the first 128 bits of HMAC-SHA256(key, domain ":"
// id). kind must not be canonical.NotIdentifying. Not safe for concurrent
// use.
func (p *Pseudonymiser) Pseudonym(kind canonical.Identifier, id string) string {
	d := p.domain(kind)
	if d.off {
		return p.PseudonymOnce(kind, id)
	}
	if ps, ok := d.cache[id]; ok {
		d.hits++
		return ps
	}
	ps := p.hmac(kind, p.childScoped(kind, id))
	if len(d.cache) >= cacheSize {
		if d.hits < minCacheHits {
			d.cache, d.off = nil, true
			return ps
		}
		clear(d.cache)
		d.hits = 0
	}
	// id may point into an Arrow buffer that is reused: the cache keeps a copy.
	d.cache[strings.Clone(id)] = ps
	return ps
}

// SafeValue is a value of col as the lake and the quarantine may hold it:
// the pseudonym, in the column's domain, of an identifier; any other value,
// and a blank one, as it is. Sources that quarantine rows themselves give
// keys and values through it, so a rejection's record_key is the row's key
// as the lake has it.
func (p *Pseudonymiser) SafeValue(col canonical.Column, v string) string {
	if col.ID == canonical.NotIdentifying || v == "" {
		return v
	}
	return p.Pseudonym(col.ID, v)
}

// PseudonymOnce is Pseudonym for an id not expected again soon (a table's
// key, one a row): computed without the cache, which it would only churn.
func (p *Pseudonymiser) PseudonymOnce(kind canonical.Identifier, id string) string {
	return p.hmac(kind, p.childScoped(kind, id))
}

// childScoped is the id hashed for id: for an id a source made from a
// child's id (canonical.ChildScope), the child's pseudonym then the rest,
// so the child's id is hashed only in its own domain; any other id as it
// is.
func (p *Pseudonymiser) childScoped(kind canonical.Identifier, id string) string {
	child, rest, ok := strings.Cut(id, canonical.ChildScope)
	if !ok || kind == canonical.PersonID {
		return id
	}
	return p.Pseudonym(canonical.PersonID, child) + rest
}

// domain returns the domain of kind, made on first use.
func (p *Pseudonymiser) domain(kind canonical.Identifier) *domain {
	if p.last != nil && p.last.kind == kind {
		return p.last
	}
	for _, d := range p.domains {
		if d.kind == kind {
			p.last = d
			return d
		}
	}
	if kind == canonical.NotIdentifying {
		panic("transforms: a pseudonym asked for in no domain")
	}
	d := &domain{kind: kind, prefix: []byte(string(kind) + ":"), cache: map[string]string{}}
	p.domains = append(p.domains, d)
	p.last = d
	return d
}

func (p *Pseudonymiser) hmac(kind canonical.Identifier, id string) string {
	p.mac.Reset()
	p.buf = append(append(p.buf[:0], p.domain(kind).prefix...), id...)
	p.mac.Write(p.buf)
	p.buf = p.mac.Sum(p.buf[:0])
	ps := hex.EncodeToString(p.buf[:16])
	if p.rekeying != nil {
		p.witness(kind, id, ps)
	}
	return ps
}
