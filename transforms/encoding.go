package transforms

import (
	"fmt"
	"unicode/utf8"

	"carewh/canonical"
)

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
		canonical.RuleBadEncoding, b, i+1)
}
