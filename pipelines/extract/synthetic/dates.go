package synthetic

import (
	"math/rand/v2"
	"time"
)

// Dates are time.Time values at midnight UTC.

func addDays(d time.Time, n int) time.Time { return d.AddDate(0, 0, n) }

func isWeekday(d time.Time) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// addWeekdays steps forward from d one day at a time and returns the day on
// which n weekdays have been counted. The generator approximates working
// days by weekdays; the warehouse's own calendar also skips bank holidays.
func addWeekdays(d time.Time, n int) time.Time {
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if isWeekday(d) {
			n--
		}
	}
	return d
}

// addMonths adds calendar months, clamping the day to the month's end
// (31 Jan + 1 month = 28 or 29 Feb).
func addMonths(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(day, last), 0, 0, 0, 0, time.UTC)
}

// daysBetween is the number of days from a to b (negative if b is before a).
func daysBetween(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

// ageAt is the age in whole years on day d of a child born on dob.
func ageAt(dob, d time.Time) int {
	age := d.Year() - dob.Year()
	if d.Month() < dob.Month() || (d.Month() == dob.Month() && d.Day() < dob.Day()) {
		age--
	}
	return age
}

// weekdayOnOrBefore moves a weekend day back to Friday.
func weekdayOnOrBefore(d time.Time) time.Time {
	for !isWeekday(d) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// weekdayOnOrAfter moves a weekend day on to Monday.
func weekdayOnOrAfter(d time.Time) time.Time {
	for !isWeekday(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

func minDate(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxDate(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// dayBetween returns a day in [a, b], uniformly.
func dayBetween(r *rand.Rand, a, b time.Time) time.Time {
	n := daysBetween(a, b)
	if n <= 0 {
		return a
	}
	return addDays(a, r.IntN(n+1))
}
