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
// child has the same pseudonym in every table and run, and nobody without
// the key can recover or test a guess at the real identifier. Children and
// staff are hashed in separate domains, so a child and a worker who share a
// case-system id do not share a pseudonym.
type Pseudonymiser struct {
	mac    hash.Hash
	buf    []byte
	person map[string]string // recent pseudonyms, one cache per domain
	staff  map[string]string
}

// cacheSize bounds the cache of recent pseudonyms: extracts list a child's
// rows together, so a small cache saves most HMACs; when full it starts
// again, so memory stays flat however large the table.
const cacheSize = 1 << 16

// NewPseudonymiser takes the secret key.
func NewPseudonymiser(key []byte) (*Pseudonymiser, error) {
	if len(key) < MinKeyBytes {
		return nil, errors.New("the HMAC key must be at least 32 bytes")
	}
	return &Pseudonymiser{mac: hmac.New(sha256.New, key), person: map[string]string{}, staff: map[string]string{}}, nil
}

// Pseudonym returns the pseudonym of id in the identifier's domain: 32
// lower-case hex digits (128 bits of the HMAC). Not safe for concurrent use.
func (p *Pseudonymiser) Pseudonym(kind canonical.Identifier, id string) string {
	cache := p.person
	if kind == canonical.StaffID {
		cache = p.staff
	}
	if ps, ok := cache[id]; ok {
		return ps
	}
	ps := p.hmac(kind, id)
	if len(cache) >= cacheSize {
		clear(cache)
	}
	// id may point into an Arrow buffer that is reused: the cache keeps a copy.
	cache[strings.Clone(id)] = ps
	return ps
}

func (p *Pseudonymiser) hmac(kind canonical.Identifier, id string) string {
	p.mac.Reset()
	if kind == canonical.StaffID {
		p.mac.Write([]byte("staff:"))
	} else {
		p.mac.Write([]byte("person:"))
	}
	p.mac.Write([]byte(id))
	p.buf = p.mac.Sum(p.buf[:0])
	return hex.EncodeToString(p.buf[:16])
}
