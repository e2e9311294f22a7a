package ssda903

import (
	"strings"
	"time"

	"carewh/canonical"
)

// parseDate reads a date exactly as the transforms type it, so that what
// is derived here agrees with what survives typing. ok is false for
// anything else, impossible dates such as 31/02/2019 included: such a row
// is passed on as read and quarantined by the transforms.
func parseDate(s string) (time.Time, bool) { return canonical.ParseDate(s) }

// iso writes a date as yyyy-mm-dd.
func iso(t time.Time) string { return t.Format(time.DateOnly) }

// dateKey is a date value as it takes part in a key: ISO when it is a
// date, else the text as read (trimmed), so that 01/04/2023 and
// 2023-04-01 are one key and junk stays visible.
func dateKey(s string) string {
	if t, ok := parseDate(s); ok {
		return iso(t)
	}
	return strings.TrimSpace(s)
}
