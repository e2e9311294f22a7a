package ssda903

import "time"

// CoverageStart is 1 April of the earliest collection year: each return
// lists every episode open on or after that day, so an episode that began
// earlier is the child's first in the source only because the return
// begins there (extract.Coverer).
func (s *Source) CoverageStart() (time.Time, string) {
	first := s.collections[0] // New refuses a folder without collection years
	return first.start(), "1 April of the SSDA903 collection year " + first.label()
}

// CoverageEnd is 31 March of the latest collection year: a return says
// nothing of what happened after its year ended (extract.Coverer).
func (s *Source) CoverageEnd() (time.Time, string) {
	last := s.collections[len(s.collections)-1]
	return last.end(), "31 March, the end of the SSDA903 collection year " + last.label()
}
