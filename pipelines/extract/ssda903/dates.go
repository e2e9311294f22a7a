package ssda903

import (
	"strconv"
	"strings"
	"time"
)

// parseDate reads a date the way the transforms do (dd/mm/yyyy or
// yyyy-mm-dd, optionally followed by a time of day), so that what is
// derived here agrees with what survives typing. ok is false for anything
// else, impossible dates such as 31/02/2019 included: such a row is passed
// on as read and quarantined by the transforms.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return time.Time{}, false
	}
	var ds, ms, ys string
	switch {
	case s[4] == '-' && s[7] == '-':
		ys, ms, ds = s[0:4], s[5:7], s[8:10]
	case s[2] == '/' && s[5] == '/':
		ds, ms, ys = s[0:2], s[3:5], s[6:10]
	default:
		return time.Time{}, false
	}
	if !timeSuffix(s[10:]) {
		return time.Time{}, false
	}
	y, ok1 := digits(ys)
	m, ok2 := digits(ms)
	d, ok3 := digits(ds)
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// timeSuffix accepts what may follow a date: nothing, or a space or T and
// a time of day.
func timeSuffix(s string) bool {
	if s == "" {
		return true
	}
	if s[0] != ' ' && s[0] != 'T' {
		return false
	}
	rest := strings.TrimRight(s[1:], "Z")
	if len(rest) < 5 || rest[2] != ':' {
		return false
	}
	return strings.Trim(rest, "0123456789:.+-") == ""
}

// digits reads an unsigned decimal number.
func digits(s string) (int, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

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
