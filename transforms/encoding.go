package transforms

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// RuleBadEncoding: a value is not valid UTF-8 (a byte of another encoding,
// or a cut multi-byte character). In a key or required column it rejects
// the row; in any other the value is emptied and the row kept, recorded as
// bad_value with the cause in the message, as every emptied value is.
const RuleBadEncoding = "bad_encoding"

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

// badEncoding describes the first invalid byte of s, which is not valid
// UTF-8. It does not repeat s, which may identify someone: the
// quarantine's value column has it (pseudonymised where it identifies).
func badEncoding(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	b := byte(0)
	if i < len(s) {
		b = s[i]
	}
	return fmt.Sprintf("%s: the value is not valid UTF-8 (byte \\x%02X at byte %d; the quarantine shows such bytes as \\xNN): is the source saved as UTF-8?",
		RuleBadEncoding, b, i+1)
}
