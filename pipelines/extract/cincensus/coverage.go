package cincensus

import "time"

// CoverageStart is the first day of the year the earliest census covers:
// a census describes the children in need in the twelve months to its
// reference date (extract.Coverer).
func (s *Source) CoverageStart() (time.Time, string) {
	first := s.files[len(s.files)-1] // New refuses a source without files; latest first
	return first.refDate.AddDate(-1, 0, 1), "the year to the CIN census reference date " + first.refDate.Format(time.DateOnly)
}

// CoverageEnd is the latest census's reference date: nothing after it is
// in the source (extract.Coverer).
func (s *Source) CoverageEnd() (time.Time, string) {
	last := s.files[0]
	return last.refDate, "the reference date of the latest CIN census, " + last.refDate.Format(time.DateOnly)
}
