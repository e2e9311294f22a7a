package transforms

import (
	"strings"
	"testing"
)

// TestChunked: every item added, in the first chunk, at a chunk's edges
// and past them, is read back at the index add returned.
func TestChunked(t *testing.T) {
	var c chunked[int64]
	const n = 3*chunkLen + 5
	for i := range n {
		if got := c.add(int64(i) * 7); got != uint32(i) {
			t.Fatalf("add number %d returned index %d", i, got)
		}
	}
	for i := range n {
		if got := c.at(uint32(i)); got != int64(i)*7 {
			t.Fatalf("at(%d) = %d, want %d", i, got, int64(i)*7)
		}
	}
	if len(c.chunks) != 4 {
		t.Errorf("%d items in %d chunks, want 4", n, len(c.chunks))
	}
}

// TestByteArena: strings of every length up to 255, the empty one among
// them, come back whole, including those that would have spanned the end
// of a chunk (they start the next one instead).
func TestByteArena(t *testing.T) {
	var a byteArena
	var wheres []uint32
	var strs []string
	for i := 0; len(a.chunks) < 4; i++ {
		s := strings.Repeat(string(rune('a'+i%26)), i%256)
		wheres, strs = append(wheres, a.add(s)), append(strs, s)
	}
	for i, where := range wheres {
		if got := a.at(where); got != strs[i] {
			t.Fatalf("string %d (%d bytes) came back as %d bytes", i, len(strs[i]), len(got))
		}
	}
	for i, chunk := range a.chunks {
		if len(chunk) > arenaChunk {
			t.Errorf("chunk %d holds %d bytes, more than %d", i, len(chunk), arenaChunk)
		}
	}
}
