package ssda903

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/pipelines/extract"
)

// TestCoverage: the history of returns for 2022-23 and 2023-24 begins on
// 1 April 2022 and ends on 31 March 2024, whichever way the folders are
// named.
func TestCoverage(t *testing.T) {
	src, err := New(memory.NewGoAllocator(), Options{Dir: twoYears})
	if err != nil {
		t.Fatal(err)
	}
	var c extract.Coverer = src
	start, startBasis := c.CoverageStart()
	end, endBasis := c.CoverageEnd()
	for _, got := range []struct {
		what, basis, wantBasis string
		day, want              time.Time
	}{
		{"CoverageStart", startBasis, "1 April of the SSDA903 collection year 2022-23", start, time.Date(2022, time.April, 1, 0, 0, 0, 0, time.UTC)},
		{"CoverageEnd", endBasis, "31 March, the end of the SSDA903 collection year 2023-24", end, time.Date(2024, time.March, 31, 0, 0, 0, 0, time.UTC)},
	} {
		if !got.day.Equal(got.want) || got.basis != got.wantBasis {
			t.Errorf("%s = %s (%q), want %s (%q)", got.what, got.day.Format(time.DateOnly), got.basis, got.want.Format(time.DateOnly), got.wantBasis)
		}
	}
}
