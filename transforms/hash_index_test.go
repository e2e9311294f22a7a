package transforms

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestHashIndex: the index answers as a Go map does for the same puts,
// made alone, after a lookup of the same hash and after a lookup of
// another, through every shard's growth, with hashes that share their low bits (one
// probe chain), the hash 0 that marks an empty slot, and values replaced.
func TestHashIndex(t *testing.T) {
	var x hashIndex
	want := map[uint64]uint32{}
	put := func(h uint64, v uint32) {
		x.put(h, v)
		want[h] = v
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range uint32(200_000) {
		h := rng.Uint64()
		switch i % 4 {
		case 0: // a put alone
		case 1, 2: // a lookup that misses, then the put it was for, as Conform does
			if _, ok := x.get(h); ok {
				t.Fatalf("get(%#x) found a hash never put", h)
			}
		case 3: // a lookup that misses, then a put of another hash
			x.get(rng.Uint64())
		}
		put(h, i)
	}
	for i := range uint64(500) {
		put(i<<32, uint32(i)) // same shard, same low bits: one long chain
	}
	put(0, 7)
	put(0, 8)
	put(1<<32, 99) // replaces a value in the chain
	for h, v := range want {
		if got, ok := x.get(h); !ok || got != v {
			t.Fatalf("get(%#x) = %d, %v; want %d, true", h, got, ok, v)
		}
	}
	for range 200_000 {
		h := rng.Uint64()
		if _, in := want[h]; in {
			continue
		}
		if got, ok := x.get(h); ok {
			t.Fatalf("get(%#x) = %d for a hash never put", h, got)
		}
	}
	var empty hashIndex
	if _, ok := empty.get(0); ok {
		t.Error("an empty index holds 0")
	}
	if _, ok := empty.get(42); ok {
		t.Error("an empty index holds 42")
	}
}

// BenchmarkHashIndex puts and looks up 4 million random keys, as a large
// table's conforming does (a miss, then a put, per row), and reports the
// bytes each entry holds; BenchmarkHashIndexGoMap does the same with the
// map[uint64]uint32 it replaced.
func BenchmarkHashIndex(b *testing.B) {
	benchmarkIndex(b, func() (func(uint64) bool, func(uint64, uint32), func() any) {
		x := new(hashIndex)
		return func(h uint64) bool { _, ok := x.get(h); return ok }, x.put, func() any { return x }
	})
}

func BenchmarkHashIndexGoMap(b *testing.B) {
	benchmarkIndex(b, func() (func(uint64) bool, func(uint64, uint32), func() any) {
		m := map[uint64]uint32{}
		return func(h uint64) bool { _, ok := m[h]; return ok },
			func(h uint64, v uint32) { m[h] = v }, func() any { return m }
	})
}

func benchmarkIndex(b *testing.B, newIndex func() (get func(uint64) bool, put func(uint64, uint32), keep func() any)) {
	const n = 4_000_000
	var bytesPerEntry float64
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		get, put, keep := newIndex()
		rng := rand.New(rand.NewPCG(3, 4))
		for i := range uint32(n) {
			h := rng.Uint64()
			if !get(h) {
				put(h, i)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(keep())
		bytesPerEntry = float64(after.HeapAlloc-before.HeapAlloc) / n
	}
	b.ReportMetric(bytesPerEntry, "bytes/entry")
}

// BenchmarkHashIndexTouched looks up and puts 4 million random keys in
// groups of rowGroup as Conform does, each group's slots touched first,
// with some work on each row between lookups, as conforming a row has;
// BenchmarkHashIndexUntouched does the same without the touch.
func BenchmarkHashIndexTouched(b *testing.B)   { benchmarkTouch(b, true) }
func BenchmarkHashIndexUntouched(b *testing.B) { benchmarkTouch(b, false) }

func benchmarkTouch(b *testing.B, touch bool) {
	const n = 4_000_000
	rng := rand.New(rand.NewPCG(5, 6))
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = rng.Uint64()
	}
	var sink uint32
	for b.Loop() {
		var x hashIndex
		for i, h := range keys {
			if touch && i%rowGroup == 0 {
				sink += x.touch(keys[i:min(i+rowGroup, n)])
			}
			if _, ok := x.get(h); !ok {
				x.put(h, uint32(i))
			}
			for j := range uint32(200) { // a row's other work, which fills the CPU's window
				sink += j * uint32(i)
			}
		}
	}
	runtime.KeepAlive(sink)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/key")
}
