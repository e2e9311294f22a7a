package parquet_test

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	lake "carewh/transforms/parquet"
)

// BenchmarkWrite writes 262,144 rows of every column kind (two row groups,
// four batches of 65,536) and closes the file.
func BenchmarkWrite(b *testing.B) {
	mem := memory.DefaultAllocator
	rows := make([]row, 1<<16)
	for i := range rows {
		rows[i] = row{
			id: fmt.Sprintf("%032x", i*7919), code: ptr(fmt.Sprintf("PN%d", i%8)),
			day: int32(15000 + i%4000), flag: ptr(i%3 == 0), n: ptr(int64(i)),
			plans: []string{"ADOPTION"}, line: int64(i + 2),
		}
		if i%5 == 0 {
			rows[i].endDay = ptr(int32(16000 + i%3000))
		}
	}
	batch := build(mem, rows)
	defer batch.Release()
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		w, err := lake.Create(mem, table.Schema(), dir, "bench.parquet")
		if err != nil {
			b.Fatal(err)
		}
		for range 4 {
			if err := w.Write(batch); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(4*float64(batch.NumRows()), "rows/op")
}
