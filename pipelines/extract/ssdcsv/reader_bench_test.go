package ssdcsv

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/pipelines/extract/synthetic"
)

// BenchmarkReadCLAReviews reads the ssd_cla_reviews.csv of a generated
// council (scale 1, about 48,000 rows) into raw batches.
func BenchmarkReadCLAReviews(b *testing.B) {
	dir := b.TempDir()
	asOf := time.Date(2026, time.March, 31, 0, 0, 0, 0, time.UTC)
	if _, err := synthetic.WriteDir(context.Background(), dir, synthetic.Options{Seed: 1, Scale: 1, AsOf: asOf}); err != nil {
		b.Fatal(err)
	}
	table, err := canonical.Lookup("cla_reviews")
	if err != nil {
		b.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, table.SourceFile+".csv"))
	if err != nil {
		b.Fatal(err)
	}
	src, err := New(memory.DefaultAllocator, Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	b.SetBytes(info.Size())
	b.ReportAllocs()
	b.ResetTimer()
	var rows int64
	for b.Loop() {
		rows = 0
		reader, err := src.Open(context.Background(), table, &quarantine{})
		if err != nil {
			b.Fatal(err)
		}
		for reader.Next() {
			rows += reader.RecordBatch().NumRows()
		}
		if err := reader.Err(); err != nil {
			b.Fatal(err)
		}
		reader.Release()
	}
	b.ReportMetric(float64(rows), "rows/op")
}
