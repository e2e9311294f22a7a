package pipelines

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/pipelines/extract/ssdcsv"
)

// TestIngestOrder: tables start largest file first, and every table is
// ingested once.
func TestIngestOrder(t *testing.T) {
	src, err := ssdcsv.New(memory.NewGoAllocator(), ssdcsv.Options{Dir: "../testdata/golden/review_timeliness/source"})
	if err != nil {
		t.Fatal(err)
	}
	order := ingestJob{source: src}.order()
	if len(order) != len(canonical.Tables) {
		t.Fatalf("%d tables in order, want %d", len(order), len(canonical.Tables))
	}
	seen := map[string]bool{}
	for i, table := range order {
		if seen[table.Name] {
			t.Errorf("%s ingested twice", table.Name)
		}
		seen[table.Name] = true
		if i > 0 && src.Size(order[i-1]) < src.Size(table) {
			t.Errorf("%s (%d bytes) starts after %s (%d bytes)", table.Name, src.Size(table), order[i-1].Name, src.Size(order[i-1]))
		}
	}
	if first := order[0].Name; first != "cla_reviews" {
		t.Errorf("first table %s, want cla_reviews, the largest file", first)
	}
}
