package canonical

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Rule codes name why a row was quarantined.
const (
	RuleRequired     = "required"         // a required value is blank
	RuleBadType      = "bad_type"         // a value does not parse as its column's type
	RuleUnknownCode  = "unknown_code"     // a value is neither a code nor a mapped description
	RuleCodeYear     = "code_not_in_year" // a code not in the list of the row's collection year
	RuleDateOrder    = "date_order"       // one date is after a date it must not follow
	RuleDateRange    = "date_range"       // a date no real record can have
	RuleDuplicateKey = "duplicate_key"    // the key was already seen in this table
	RuleFutureDate   = "future_date"      // the row's event date, or a date of birth, is after the run's as-at date
	RuleRange        = "out_of_range"     // a number no real record can have (a negative FTE)
	// RuleDuplicateRecord: the row's natural key (canonical.Table.Natural)
	// equals an earlier kept row's: the same record under another key.
	RuleDuplicateRecord = "duplicate_record"
	// RuleBadValue: a column that is neither the key nor required broke one
	// of the rules above; the row was kept with the column empty. The
	// message keeps the specific cause.
	RuleBadValue = "bad_value"
	// RuleBadEncoding: a value is not valid UTF-8 (a byte of another
	// encoding, or a cut multi-byte character). In a key or required column
	// it rejects the row; in any other the value is emptied and the row
	// kept, recorded as bad_value with the cause in the message, as every
	// emptied value is.
	RuleBadEncoding = "bad_encoding"
)

// Rejection is one broken rule of one source row.
type Rejection struct {
	Table   string // canonical table
	Source  string // file or source table the row came from
	Line    int64  // line or row number in Source
	Key     string // the row's key as read (pseudonymised if it identifies someone)
	Rule    string
	Column  string // canonical column; empty for whole-row rules
	Value   string // the offending value (pseudonymised if it identifies someone)
	Message string
}

// Quarantine receives rejected rows. Implementations must be safe for
// concurrent use: tables are conformed in parallel.
type Quarantine interface {
	Reject(Rejection) error
}

// ValidText returns s with each byte that is not part of a valid UTF-8
// character written as \xNN (so "caf\xe9" becomes `caf\xE9`); valid text
// is returned as it is. The quarantine stores values through it, so a bad
// byte is shown, not lost, and the quarantine itself stays valid text.
func ValidText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			fmt.Fprintf(&b, `\x%02X`, s[i])
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
