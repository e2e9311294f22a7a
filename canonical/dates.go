package canonical

import (
	"fmt"
	"strings"
	"time"
)

// ParseDate reads a date the way a date column is typed, surrounding
// spaces ignored, for a source that derives rows from dates and must agree
// with what survives typing. ok is false wherever typing rejects the value
// as not a date or not a real date; the run's date range is not checked.
func ParseDate(s string) (t time.Time, ok bool) {
	days, err := ParseDays(strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, false
	}
	return DateOf(days), true
}

// ParseDays reads an ISO date (2019-04-01), an ISO date-time
// (2019-04-01 00:00:00.000, 2019-04-01T00:00:00Z) or a UK date
// (01/04/2019, 01/04/2019 13:45[:00]) and returns days since 1970-01-01.
// An impossible date such as 31/02/2019 is an error, never rolled over.
func ParseDays(s string) (int32, error) {
	var y, m, d int
	var ok bool
	switch {
	case len(s) >= 10 && s[4] == '-' && s[7] == '-':
		y, ok = atoi(s[0:4])
		if ok {
			m, ok = atoi(s[5:7])
		}
		if ok {
			d, ok = atoi(s[8:10])
		}
		ok = ok && validTimeSuffix(s[10:])
	case len(s) >= 10 && s[2] == '/' && s[5] == '/':
		d, ok = atoi(s[0:2])
		if ok {
			m, ok = atoi(s[3:5])
		}
		if ok {
			y, ok = atoi(s[6:10])
		}
		ok = ok && validTimeSuffix(s[10:])
	}
	if !ok {
		return 0, fmt.Errorf("%q is not a date (expected YYYY-MM-DD or DD/MM/YYYY)", s)
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return 0, fmt.Errorf("%q is not a real date", s)
	}
	return daysFromCivil(y, m, d), nil
}

// daysFromCivil is the number of days from 1970-01-01 to a proleptic
// Gregorian date, in integer arithmetic (H. Hinnant's days_from_civil):
// called for every date of every row, where time.Date would be the cost.
func daysFromCivil(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

// validTimeSuffix accepts what follows the date in a date-time: nothing, or
// a space or T and a time of day, which is ignored.
func validTimeSuffix(s string) bool {
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
	for _, r := range rest {
		if (r < '0' || r > '9') && r != ':' && r != '.' && r != '+' && r != '-' {
			return false
		}
	}
	return true
}

func atoi(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

func daysIn(year int, month time.Month) int {
	switch month {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// DateOf turns a date32 value back into a time, for messages and tests.
func DateOf(days int32) time.Time { return time.Unix(int64(days)*secondsPerDay, 0).UTC() }

// DaysOf turns a time into a date32 value.
func DaysOf(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay))
}

const secondsPerDay = 24 * 60 * 60

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}
