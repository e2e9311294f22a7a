package extract

import "time"

// Coverer is a Source that knows the dates its history spans: a DfE
// SSDA903 return lists every episode open on or after 1 April of its
// earliest collection year, so a child whose first episode in it starts on
// or before that day with a reason other than S was already looked after;
// and it knows nothing after 31 March of its latest year (docs/domain.md
// §3a, partial histories).
type Coverer interface {
	// CoverageStart is the first day the source's history is complete;
	// basis says where it comes from, for people ("SSDA903 collection
	// year 2023-24").
	CoverageStart() (start time.Time, basis string)
	// CoverageEnd is the last day the source can know of, with where that
	// comes from; a zero end means the source runs up to the present.
	CoverageEnd() (end time.Time, basis string)
}
