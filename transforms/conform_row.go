package transforms

import (
	"fmt"
	"hash/maphash"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"carewh/canonical"
)

// hashKeys hashes the keys of rows from to to-1 into the group and
// touches their slots in the index of keys seen.
func (c *Conformer) hashKeys(cols []*array.String, from, to int) {
	keys := cols[c.keyIndex]
	var hs [rowGroup]uint64
	for r := from; r < to; r++ {
		hs[r-from] = maphash.String(c.seed, trimSpace(keys.Value(r)))
		c.group[r-from].key = hs[r-from]
	}
	c.touched += c.seen.touch(hs[:to-from])
}

// touchNatural touches the slots of the natural keys of the group's first
// n rows in the index of natural keys kept.
func (c *Conformer) touchNatural(n int) {
	if c.natural.cols == nil {
		return
	}
	var hs [rowGroup]uint64
	k := 0
	for i := range n {
		if g := &c.group[i]; g.hasNatural {
			hs[k] = g.natural
			k++
		}
	}
	c.touched += c.natural.first.touch(hs[:k])
}

// checkKey rejects a row whose key, of hash h, was already kept in this
// table, naming the line of the first: the first row is kept, as neither
// can be known to be the right one.
func (c *Conformer) checkKey(cols []*array.String, r int, h uint64) {
	if first, dup := c.seen.get(h); dup {
		ki := c.keyIndex
		c.reject(ki, canonical.RuleDuplicateKey, trimSpace(cols[ki].Value(r)), "key already used at line %d", first)
	}
}

func clampLine(line int64) uint32 { return uint32(min(max(line, 0), math.MaxUint32)) }

// append adds the parsed row to the batch being built.
func (c *Conformer) append(line int64, origin string) {
	c.builder.Field(len(c.table.Columns)).(*array.Int64Builder).Append(line)
	c.builder.Field(len(c.table.Columns) + 1).(*array.StringBuilder).Append(origin)
	for i, col := range c.table.Columns {
		v := c.row[i]
		f := c.builder.Field(i)
		if v.null {
			f.AppendNull()
			continue
		}
		switch col.Kind {
		case canonical.Date:
			f.(*array.Date32Builder).Append(arrow.Date32(v.day))
		case canonical.Bool:
			f.(*array.BooleanBuilder).Append(v.b)
		case canonical.Int:
			f.(*array.Int64Builder).Append(v.i)
		case canonical.Float:
			f.(*array.Float64Builder).Append(v.f)
		case canonical.CodeList:
			lb := f.(*array.ListBuilder)
			lb.Append(true)
			vb := lb.ValueBuilder().(*array.StringBuilder)
			for _, code := range v.list {
				vb.Append(code)
			}
		default:
			f.(*array.StringBuilder).Append(v.str)
		}
	}
}

// identifierValue pseudonymises the value of column i if it identifies
// someone or something. The key, one a row, is not cached.
func (c *Conformer) identifierValue(i int, v string) string {
	col := c.table.Columns[i]
	switch {
	case col.ID == canonical.NotIdentifying:
		return v
	case i == c.keyIndex:
		return c.opts.Pseudonymiser.PseudonymOnce(col.ID, v)
	}
	recent := &c.recent[i]
	if recent.known && string(recent.id) == v {
		return recent.pseudonym
	}
	ps := c.opts.Pseudonymiser.Pseudonym(col.ID, v)
	// v may point into an Arrow buffer that is reused: keep a copy.
	recent.id, recent.pseudonym, recent.known = append(recent.id[:0], v...), ps, true
	return ps
}

// recentID is a column's last identifier and its pseudonym. Extracts list
// a child's rows together, so a column's next identifier is most often its
// last one, and comparing with it costs less than a lookup in the
// pseudonym cache, whose map at national scale misses the CPU's caches.
type recentID struct {
	id        []byte
	pseudonym string
	known     bool
}

// safeValue is a value as it may be stored in the quarantine: identifiers
// are pseudonymised there too.
func (c *Conformer) safeValue(col canonical.Column, v string) string {
	return c.opts.Pseudonymiser.SafeValue(col, v)
}

func (c *Conformer) rawKey(cols []*array.String, r int) string {
	ki := c.keyIndex
	return c.safeValue(c.table.Columns[ki], trimSpace(cols[ki].Value(r)))
}

func (c *Conformer) index(name string) int { return indexOf(c.table, name) }

func indexOf(t *canonical.Table, name string) int {
	for i, col := range t.Columns {
		if col.Name == name {
			return i
		}
	}
	panic(fmt.Sprintf("table %s has no column %s", t.Name, name))
}

func (c *Conformer) sourceName(col canonical.Column) string {
	if s := c.opts.SourceColumns[col.Name]; s != "" {
		return s
	}
	return col.Name
}
