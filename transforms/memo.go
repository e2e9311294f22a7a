package transforms

import "strings"

// memoSize bounds a memo: a code column holds a few dozen distinct values,
// so a column with more than this is not worth remembering further.
const memoSize = 4096

// memo remembers what the values of one code column came to: looking a
// value up again (case folding, mapping a description, parsing a care
// plan's JSON) costs far more than a map access, and a table repeats the
// same few values millions of times. Only values that parsed are kept, so
// every bad value is still reported.
type memo[T any] map[string]T

func (m memo[T]) put(value string, result T) {
	if len(m) < memoSize {
		// value may point into an Arrow buffer that is reused: keep a copy.
		m[strings.Clone(value)] = result
	}
}

// trimSpace is strings.TrimSpace with the common case, a value with no
// space at either end, answered without a call.
func trimSpace(v string) string {
	if v == "" || (v[0] > ' ' && v[0] < 0x80 && v[len(v)-1] > ' ' && v[len(v)-1] < 0x80) {
		return v
	}
	return strings.TrimSpace(v)
}
