package cincensus

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/pipelines/extract"
)

// TestCoverage: censuses as at 31 March 2023 and 2024 cover 1 April 2022
// to 31 March 2024.
func TestCoverage(t *testing.T) {
	src, err := New(memory.NewGoAllocator(), Options{Path: "testdata/years"})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var c extract.Coverer = src
	start, startBasis := c.CoverageStart()
	end, endBasis := c.CoverageEnd()
	if want := time.Date(2022, time.April, 1, 0, 0, 0, 0, time.UTC); !start.Equal(want) || startBasis != "the year to the CIN census reference date 2023-03-31" {
		t.Errorf("CoverageStart = %s (%q)", start.Format(time.DateOnly), startBasis)
	}
	if want := time.Date(2024, time.March, 31, 0, 0, 0, 0, time.UTC); !end.Equal(want) || endBasis != "the reference date of the latest CIN census, 2024-03-31" {
		t.Errorf("CoverageEnd = %s (%q)", end.Format(time.DateOnly), endBasis)
	}
}
