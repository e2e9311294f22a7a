package transforms

// hashIndex maps 64-bit hashes to uint32 values: the keys a Conformer has
// kept, with the line each was first seen on. At national scale a table's
// index holds 17 million keys; a Go map spends about 35 bytes on each
// uint64→uint32 entry, this about 25 (12-byte slots, at most four in five
// full; BenchmarkHashIndex), which keeps the two largest tables, ingested
// at once, further inside carewh's Go memory limit.
// Slots are split among shards by the hash's top bits, each growing on its
// own, so a growth copies one shard and never the whole index. A slot
// holds its hash and value side by side, so that at national scale, where
// every lookup misses the CPU's caches, a lookup and the put after it touch
// one cache line; the put goes straight to the empty slot the lookup ended
// on.
type hashIndex struct {
	shards  [indexShards]indexShard
	hasZero bool // the hash 0 marks an empty slot, so its entry is kept here
	zero    uint32

	// where the last get of an absent hash ended: the slot a put of that
	// hash takes, if nothing was put in between
	missHash  uint64
	missShard *indexShard
	missSlot  int
}

type indexShard struct {
	slots []indexSlot
	used  int
}

// indexSlot is a hash, split so that the slot takes 12 bytes, and its
// value. The hash 0 marks an empty slot.
type indexSlot struct {
	low, high, value uint32
}

func (s indexSlot) hash() uint64 { return uint64(s.high)<<32 | uint64(s.low) }

const (
	indexShardBits = 8
	indexShards    = 1 << indexShardBits
	firstShardSize = 16
)

// get returns the value of h, if h is in the index.
func (x *hashIndex) get(h uint64) (uint32, bool) {
	x.missShard = nil
	if h == 0 {
		return x.zero, x.hasZero
	}
	s := x.shard(h)
	if len(s.slots) == 0 {
		return 0, false
	}
	mask := len(s.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		switch s.slots[i].hash() {
		case h:
			return s.slots[i].value, true
		case 0:
			x.missHash, x.missShard, x.missSlot = h, s, i
			return 0, false
		}
	}
}

// touch reads the first slot each of hs would probe and returns what it
// read, for the caller to keep so the reads are not optimised away. At
// national scale every lookup misses the CPU's caches and its TLB: one at
// a time the misses wait in turn, issued together they overlap. A lookup
// of a hash touched just before finds its slot's cache line loaded
// (BenchmarkHashIndexTouched against BenchmarkHashIndexUntouched).
func (x *hashIndex) touch(hs []uint64) uint32 {
	var sum uint32
	for _, h := range hs {
		s := x.shard(h)
		if n := len(s.slots); n > 0 {
			sum += s.slots[int(h)&(n-1)].low
		}
	}
	return sum
}

// put sets the value of h.
func (x *hashIndex) put(h uint64, v uint32) {
	if h == 0 {
		x.hasZero, x.zero = true, v
		return
	}
	s := x.shard(h)
	if (s.used+1)*5 > len(s.slots)*4 {
		s.grow()
		x.missShard = nil
	}
	if x.missShard == s && x.missHash == h {
		s.slots[x.missSlot] = indexSlot{low: uint32(h), high: uint32(h >> 32), value: v}
		x.missShard = nil
		s.used++
		return
	}
	x.missShard = nil
	if s.set(h, v) {
		s.used++
	}
}

func (x *hashIndex) shard(h uint64) *indexShard {
	return &x.shards[h>>(64-indexShardBits)]
}

// set stores v for h, reporting whether h is new. The shard has room.
func (s *indexShard) set(h uint64, v uint32) bool {
	mask := len(s.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		switch s.slots[i].hash() {
		case h:
			s.slots[i].value = v
			return false
		case 0:
			s.slots[i] = indexSlot{low: uint32(h), high: uint32(h >> 32), value: v}
			return true
		}
	}
}

// grow doubles the shard's slots and places its entries again.
func (s *indexShard) grow() {
	old := s.slots
	s.slots = make([]indexSlot, max(firstShardSize, 2*len(old)))
	for _, slot := range old {
		if h := slot.hash(); h != 0 {
			s.set(h, slot.value)
		}
	}
}
