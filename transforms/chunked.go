package transforms

// chunked is an append-only list held in fixed-size chunks. One growing
// slice copies everything it holds at each doubling, and holds it twice
// meanwhile: at national scale a table's natural keys were 180 MB, and
// growing them was 4.8 s of ingest's CPU.
type chunked[T any] struct {
	chunks [][]T
}

// chunkLen is a chunk's length in items.
const chunkLen = 1 << 16

// add appends v and returns its index.
func (c *chunked[T]) add(v T) uint32 {
	last := len(c.chunks) - 1
	if last < 0 || len(c.chunks[last]) == chunkLen {
		c.chunks = append(c.chunks, make([]T, 0, chunkLen))
		last++
	}
	c.chunks[last] = append(c.chunks[last], v)
	return uint32(last*chunkLen + len(c.chunks[last]) - 1)
}

// at returns the item at index i.
func (c *chunked[T]) at(i uint32) T { return c.chunks[i/chunkLen][i%chunkLen] }

// byteArena holds short strings back to back in fixed-size chunks, each
// string after a length byte, for the same reason.
type byteArena struct {
	chunks [][]byte
}

// arenaChunk is a chunk's size in bytes; a string never spans two.
const arenaChunk = 1 << 20

// add stores s (at most 255 bytes) and returns where.
func (a *byteArena) add(s string) uint32 {
	last := len(a.chunks) - 1
	if last < 0 || len(a.chunks[last])+1+len(s) > arenaChunk {
		a.chunks = append(a.chunks, make([]byte, 0, arenaChunk))
		last++
	}
	at := uint32(last*arenaChunk + len(a.chunks[last]))
	a.chunks[last] = append(append(a.chunks[last], byte(len(s))), s...)
	return at
}

// at returns the string stored at where.
func (a *byteArena) at(where uint32) string {
	chunk, pos := a.chunks[where/arenaChunk], where%arenaChunk
	return string(chunk[pos+1 : pos+1+uint32(chunk[pos])])
}
