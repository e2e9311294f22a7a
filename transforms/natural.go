package transforms

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"slices"

	"carewh/canonical"
)

// naturalKeys remembers, for a table with a natural key, the natural-key
// hash of every row kept: one index entry and one record per row, the first
// row's key held in one shared buffer rather than a string each.
type naturalKeys struct {
	cols    []int     // natural-key columns
	first   hashIndex // natural-key hash → its first row in records
	records chunked[firstRecord]
	ids     byteArena // the first rows' keys
	origins []string  // sources seen, so a first row in another file is named
	h       maphash.Hash
}

// firstRecord is where the first row with a natural key came from.
type firstRecord struct {
	line   uint32
	origin uint16
	id     uint32 // where in ids
}

func newNaturalKeys(t *canonical.Table) naturalKeys {
	var n naturalKeys
	for _, name := range t.Natural.Columns {
		n.cols = append(n.cols, indexOf(t, name))
	}
	n.h.SetSeed(maphash.MakeSeed())
	return n
}

// naturalHash returns the current row's natural-key hash, and false when
// the table has no natural key or a value is missing.
func (c *Conformer) naturalHash() (uint64, bool) {
	n := &c.natural
	if n.cols == nil {
		return 0, false
	}
	n.h.Reset()
	var buf [8]byte
	for _, i := range n.cols {
		v := c.row[i]
		if v.null {
			return 0, false
		}
		switch c.table.Columns[i].Kind {
		case canonical.Date:
			binary.LittleEndian.PutUint32(buf[:4], uint32(v.day))
			n.h.Write(buf[:4])
		case canonical.Bool:
			if v.b {
				n.h.WriteByte(1)
			} else {
				n.h.WriteByte(0)
			}
		case canonical.Int:
			binary.LittleEndian.PutUint64(buf[:], uint64(v.i))
			n.h.Write(buf[:])
		case canonical.Float:
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v.f))
			n.h.Write(buf[:])
		case canonical.CodeList:
			for _, code := range v.list {
				n.h.WriteString(code)
				n.h.WriteByte(0)
			}
		default:
			n.h.WriteString(v.str)
		}
		n.h.WriteByte(0) // so ("ab","c") and ("a","bc") differ
	}
	return n.h.Sum64(), true
}

// checkNatural rejects a row whose natural-key values, of hash sum, equal
// those of a row already kept, naming that row; the first is kept.
func (c *Conformer) checkNatural(sum uint64, origin string) {
	n := &c.natural
	if at, dup := n.first.get(sum); dup {
		first := n.records.at(at)
		where := fmt.Sprintf("line %d", first.line)
		if o := n.origins[first.origin]; o != origin {
			where = o + " " + where
		}
		key := c.table.Columns[c.keyIndex]
		c.reject(-1, canonical.RuleDuplicateRecord, "", "same %s as %s (%s %s): %s; only the first is kept",
			c.table.Natural.Record, where, c.sourceName(key), n.ids.at(first.id), c.table.Natural.Same)
	}
}

// add remembers a kept row's natural key.
func (n *naturalKeys) add(sum uint64, line int64, origin, id string) {
	o := slices.Index(n.origins, origin)
	if o < 0 {
		o = len(n.origins)
		n.origins = append(n.origins, origin)
	}
	id = id[:min(len(id), math.MaxUint8)]
	record := n.records.add(firstRecord{line: clampLine(line), origin: uint16(min(o, math.MaxUint16)), id: n.ids.add(id)})
	n.first.put(sum, record)
}
