package ssda903

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/pipelines/extract"
)

// TestCoverageStart: the history of returns for 2022-23 and 2023-24 begins
// on 1 April 2022, whichever way the folders are named.
func TestCoverageStart(t *testing.T) {
	src, err := New(memory.NewGoAllocator(), Options{Dir: twoYears, Key: []byte(testKey)})
	if err != nil {
		t.Fatal(err)
	}
	var c extract.Coverer = src
	start, basis := c.CoverageStart()
	if want := time.Date(2022, time.April, 1, 0, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Errorf("CoverageStart = %s, want %s", start.Format(time.DateOnly), want.Format(time.DateOnly))
	}
	if want := "1 April of the SSDA903 collection year 2022-23"; basis != want {
		t.Errorf("basis = %q, want %q", basis, want)
	}
}

// TestCoverageEnd: the same history ends on 31 March 2024, the end of the
// latest collection year.
func TestCoverageEnd(t *testing.T) {
	src, err := New(memory.NewGoAllocator(), Options{Dir: twoYears, Key: []byte(testKey)})
	if err != nil {
		t.Fatal(err)
	}
	var c extract.Coverer = src
	end, basis := c.CoverageEnd()
	if want := time.Date(2024, time.March, 31, 0, 0, 0, 0, time.UTC); !end.Equal(want) {
		t.Errorf("CoverageEnd = %s, want %s", end.Format(time.DateOnly), want.Format(time.DateOnly))
	}
	if want := "31 March, the end of the SSDA903 collection year 2023-24"; basis != want {
		t.Errorf("basis = %q, want %q", basis, want)
	}
}
