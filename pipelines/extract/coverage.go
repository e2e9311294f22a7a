package extract

import "time"

// Coverer is a Source that knows the date its history begins: a DfE
// SSDA903 return lists every episode open on or after 1 April of its
// earliest collection year, so a child whose first episode in it starts on
// or before that day with a reason other than S was already looked after
// (docs/domain.md §3a, partial histories).
type Coverer interface {
	// CoverageStart is the first day the source's history is complete;
	// basis says where it comes from, for people ("SSDA903 collection
	// year 2023-24").
	CoverageStart() (start time.Time, basis string)
}
