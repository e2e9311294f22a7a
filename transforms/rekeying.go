package transforms

import (
	"errors"
	"sync"

	"carewh/canonical"
)

// Rekeying is what carewh rekey learns while it reads the source under the
// new key: for each pseudonym made, the pseudonym the same id had under the
// lake's old key. Only pseudonyms are told, never the ids.
//
// Sources that make a record's id from its child (the 903 and CIN readers:
// the child's pseudonym, "/", then dates) hash that id again in the
// record's domain, so under the new key the id itself differs: the child's
// new pseudonym leads it where the lake's held the old. Rekeying remembers
// each child's old pseudonym by its new one and hashes such an id under the
// old key as the lake's run did.
type Rekeying struct {
	old    []byte
	record func(old, new string)

	mu       sync.Mutex
	children map[string]string // a child's new pseudonym → its old one
}

// NewRekeying takes the lake's old key and where to tell each pair of
// pseudonyms; record must be safe for concurrent use.
func NewRekeying(oldKey []byte, record func(old, new string)) (*Rekeying, error) {
	if len(oldKey) < MinKeyBytes {
		return nil, errors.New("the old HMAC key must be at least 32 bytes")
	}
	return &Rekeying{old: oldKey, record: record, children: map[string]string{}}, nil
}

// Rekeying makes p tell r each pseudonym it makes (a nil r leaves p as it
// is). It returns p.
func (p *Pseudonymiser) Rekeying(r *Rekeying) *Pseudonymiser {
	if r != nil {
		old, _ := NewPseudonymiser(r.old) // NewRekeying checked the key
		p.rekeying, p.old = r, old
	}
	return p
}

// witness tells the rekeying the pseudonym ps that p made of id, with the
// one the old key made of it.
func (p *Pseudonymiser) witness(kind canonical.Identifier, id, ps string) {
	r := p.rekeying
	if kind == canonical.PersonID {
		old := p.old.hmac(kind, id)
		r.mu.Lock()
		r.children[ps] = old
		r.mu.Unlock()
		r.record(old, ps)
		return
	}
	r.record(p.old.hmac(kind, r.oldID(id)), ps)
}

// oldID is id as the lake's run gave it to the pseudonymiser: a child's
// new pseudonym leading it replaced by the old one.
func (r *Rekeying) oldID(id string) string {
	const n = 32 // a pseudonym's length
	if len(id) <= n || id[n] != '/' {
		return id
	}
	r.mu.Lock()
	old, ok := r.children[id[:n]]
	r.mu.Unlock()
	if !ok {
		return id
	}
	return old + id[n:]
}
