package report

import (
	"fmt"
)

// Suppressed is what a suppressed figure shows instead of its value.
const Suppressed = "*"

// suppressor applies statistical disclosure control, as published
// statistics do: a count of children (or of their reviews, challenges,
// intervals) from 1 to below-1 could identify a child, so it is not shown,
// and nor is any percentage or average worked out from it. Zero is shown:
// it identifies no one. Within a breakdown whose total is published
// elsewhere in the report, a single suppressed cell could be worked out by
// subtraction, so the next smallest cell is suppressed with it (secondary
// suppression). It also keeps a list of what it suppressed, for the
// report's notes.
type suppressor struct {
	below int
	notes []string
}

// hides reports whether a count must not be shown.
func (s *suppressor) hides(n float64) bool { return n > 0 && n < float64(s.below) }

// count shows a count, or Suppressed.
func (s *suppressor) count(n float64) string {
	if s.hides(n) {
		return Suppressed
	}
	return count(n)
}

// note records that figures about what were suppressed.
func (s *suppressor) note(format string, args ...any) {
	s.notes = append(s.notes, fmt.Sprintf(format, args...))
}

// breakdown decides which cells of a breakdown (the parts of a published
// total) are hidden: every count from 1 to below-1, and, when that leaves
// exactly one hidden, the smallest other non-zero cell too, so the hidden
// one cannot be found by subtracting the others from the total.
func (s *suppressor) breakdown(counts []float64) []bool {
	hidden := make([]bool, len(counts))
	n := 0
	for i, c := range counts {
		if s.hides(c) {
			hidden[i] = true
			n++
		}
	}
	if n == 1 {
		next := -1
		for i, c := range counts {
			if !hidden[i] && c > 0 && (next < 0 || c < counts[next]) {
				next = i
			}
		}
		if next >= 0 {
			hidden[next] = true
		}
	}
	return hidden
}
