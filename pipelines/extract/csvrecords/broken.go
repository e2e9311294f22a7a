package csvrecords

import (
	"encoding/csv"
	"fmt"
)

// Broken is a stretch of lines that could not be read as records: a record
// spanning lines that does not parse (an unbalanced quote, say) or has the
// wrong number of fields, and the lines after it up to where reading
// resumed.
type Broken struct {
	First, Last int // the lines set aside
	// Resume is the line reading resumed at, the start of the next record
	// Read returns; 0 when no later line reads as a record of Width fields.
	Resume int
	// Err is where the record failed to parse, positions as encoding/csv
	// gives them; nil when it parsed with Fields fields instead of Width.
	Err    *csv.ParseError
	Fields int
	Width  int
}

func (b *Broken) Unwrap() error {
	if b.Err == nil {
		return nil
	}
	return b.Err
}

// Error says what is wrong and what was set aside, from the record's first
// line on; the caller names the file and the first line.
func (b *Broken) Error() string {
	var what string
	if b.Err != nil {
		what = fmt.Sprintf("a quoted field that does not end as CSV requires (line %d, column %d: %v: an unbalanced quote?)",
			b.Err.Line, b.Err.Column, b.Err.Err)
	} else {
		what = fmt.Sprintf("a record running over several lines (a quoted field) with %d fields, the header has %d", b.Fields, b.Width)
	}
	lines := fmt.Sprintf("lines %d–%d", b.First, b.Last)
	if b.Last <= b.First {
		lines = fmt.Sprintf("line %d", b.First)
	}
	if b.Resume == 0 {
		return fmt.Sprintf("%s; %s set aside, to the end of the file: no later line reads as a record of %d fields", what, lines, b.Width)
	}
	return fmt.Sprintf("%s; %s set aside, reading resumed at line %d, the next line that reads as a record of %d fields",
		what, lines, b.Resume, b.Width)
}
