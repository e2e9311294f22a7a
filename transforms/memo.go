package transforms

import (
	"strings"

	"carewh/canonical"
)

// memoSize bounds a memo: a code column holds a few dozen distinct values,
// so a column with more than this is not worth remembering further.
const memoSize = 4096

// memo remembers what the values of one code column came to: looking a
// value up again (case folding, mapping a description, parsing a care
// plan's JSON) costs far more than a map access, and a table repeats the
// same few values millions of times. Only values that parsed are kept, so
// every bad value is still reported.
type memo[T any] map[string]T

// of returns what value of the code list came to, parsing it the first
// time it is met; a value that fails to parse is parsed again each time, so
// each bad row gets its own rejection.
func (m memo[T]) of(value, list string, mapper canonical.CodeMapper, parse func(list, value string, mapper canonical.CodeMapper) (T, error)) (T, error) {
	if result, ok := m[value]; ok {
		return result, nil
	}
	result, err := parse(list, value, mapper)
	if err == nil && len(m) < memoSize {
		// value may point into an Arrow buffer that is reused: keep a copy.
		m[strings.Clone(value)] = result
	}
	return result, err
}

// trimSpace is strings.TrimSpace with the common case, a value with no
// space at either end, answered without a call.
func trimSpace(v string) string {
	if v == "" || (v[0] > ' ' && v[0] < 0x80 && v[len(v)-1] > ' ' && v[len(v)-1] < 0x80) {
		return v
	}
	return strings.TrimSpace(v)
}
