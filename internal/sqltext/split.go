// Package sqltext reads SQL text as far as carewh needs without parsing it:
// where statements end.
package sqltext

import (
	"strings"
)

// Split splits SQL text at the semicolons that end statements,
// skipping those inside quoted strings and identifiers, dollar-quoted
// strings and comments. Statements holding only space and comments are
// dropped. It reads the text only as far as statement boundaries need:
// DuckDB parses each statement itself.
func Split(sql string) []string {
	var out []string
	start := 0
	keep := func(end int) {
		if s := strings.TrimSpace(sql[start:end]); hasCode(s) {
			out = append(out, s)
		}
		start = end + 1
	}
	for i := 0; i < len(sql); i++ {
		switch c := sql[i]; {
		case c == '\'' || c == '"':
			i = closing(sql, i+1, string(c))
		case c == '-' && strings.HasPrefix(sql[i:], "--"):
			i = closing(sql, i+2, "\n")
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			i = closing(sql, i+2, "*/")
		case c == '$':
			if tag, ok := dollarTag(sql[i:]); ok {
				i = closing(sql, i+len(tag), tag)
			}
		case c == ';':
			keep(i)
		}
	}
	keep(len(sql))
	return out
}

// closing returns the index of the last byte of the first end after from
// (a doubled quote inside a quoted string is not its end), or the text's
// last index when it never ends.
func closing(sql string, from int, end string) int {
	for i := from; i < len(sql); i++ {
		if !strings.HasPrefix(sql[i:], end) {
			continue
		}
		if (end == "'" || end == `"`) && strings.HasPrefix(sql[i+1:], end) {
			i++ // an escaped quote
			continue
		}
		return i + len(end) - 1
	}
	return len(sql) - 1
}

// dollarTag reads a dollar-quote opener at the start of s: $$ or $tag$.
func dollarTag(s string) (string, bool) {
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '$':
			return s[:i+1], true
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 1 && c >= '0' && c <= '9':
		default:
			return "", false
		}
	}
	return "", false
}

// hasCode reports whether a statement holds anything but space and comments.
func hasCode(s string) bool {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r':
		case strings.HasPrefix(s[i:], "--"):
			i = closing(s, i+2, "\n")
		case strings.HasPrefix(s[i:], "/*"):
			i = closing(s, i+2, "*/")
		default:
			return true
		}
	}
	return false
}
