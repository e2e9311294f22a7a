package transforms

// hashIndex maps 64-bit hashes to uint32 values: the keys a Conformer has
// kept, with the line each was first seen on. At national scale a table's
// index holds 17 million keys; a Go map spends about 35 bytes on each
// uint64→uint32 entry, this about 20 (12-byte slots, at most four in five
// full), so two large tables ingested at once stay well inside carewh's Go
// memory limit instead of keeping the collector running without pause.
// Slots are split among shards by the hash's top bits, each growing on its
// own, so a growth copies one shard and never the whole index.
type hashIndex struct {
	shards  [indexShards]indexShard
	hasZero bool // the hash 0 marks an empty slot, so its entry is kept here
	zero    uint32
	count   int
}

type indexShard struct {
	hashes []uint64 // 0: empty
	values []uint32
	used   int
}

const (
	indexShardBits = 8
	indexShards    = 1 << indexShardBits
	firstShardSize = 16
)

// Len is the number of hashes in the index.
func (x *hashIndex) Len() int { return x.count }

// get returns the value of h, if h is in the index.
func (x *hashIndex) get(h uint64) (uint32, bool) {
	if h == 0 {
		return x.zero, x.hasZero
	}
	s := x.shard(h)
	if len(s.hashes) == 0 {
		return 0, false
	}
	mask := uint64(len(s.hashes) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.hashes[i] {
		case h:
			return s.values[i], true
		case 0:
			return 0, false
		}
	}
}

// put sets the value of h.
func (x *hashIndex) put(h uint64, v uint32) {
	if h == 0 {
		if !x.hasZero {
			x.count++
		}
		x.hasZero, x.zero = true, v
		return
	}
	s := x.shard(h)
	if (s.used+1)*5 > len(s.hashes)*4 {
		s.grow()
	}
	if s.set(h, v) {
		s.used++
		x.count++
	}
}

func (x *hashIndex) shard(h uint64) *indexShard {
	return &x.shards[h>>(64-indexShardBits)]
}

// set stores v for h, reporting whether h is new. The shard has room.
func (s *indexShard) set(h uint64, v uint32) bool {
	mask := uint64(len(s.hashes) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.hashes[i] {
		case h:
			s.values[i] = v
			return false
		case 0:
			s.hashes[i], s.values[i] = h, v
			return true
		}
	}
}

// grow doubles the shard's slots and places its entries again.
func (s *indexShard) grow() {
	old, oldValues := s.hashes, s.values
	size := max(firstShardSize, 2*len(old))
	s.hashes, s.values = make([]uint64, size), make([]uint32, size)
	for i, h := range old {
		if h != 0 {
			s.set(h, oldValues[i])
		}
	}
}
