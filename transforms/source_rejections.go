package transforms

import (
	"strings"
	"sync"

	"carewh/canonical"
)

// SourceRejections pseudonymises the rows a source sets aside itself (a
// malformed line, a superseded 903 episode) as the transforms do every row
// they see: the key in its column's domain, a value of an identifying
// column in that column's. Sources never pseudonymise; this is the same
// stage, for the rows that do not reach it. Safe for concurrent use.
func SourceRejections(p *Pseudonymiser) func(canonical.Rejection) canonical.Rejection {
	var mu sync.Mutex
	return func(r canonical.Rejection) canonical.Rejection {
		t, err := canonical.Lookup(r.Table)
		if err != nil {
			return r
		}
		mu.Lock()
		defer mu.Unlock()
		if col, ok := t.Column(t.Key); ok {
			r.Key = p.SafeValue(col, strings.TrimSpace(r.Key))
		}
		if col, ok := t.Column(r.Column); ok && col.ID != canonical.NotIdentifying {
			r.Value = p.SafeValue(col, strings.TrimSpace(r.Value))
		}
		return r
	}
}
