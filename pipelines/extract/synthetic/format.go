package synthetic

import (
	"strconv"
	"time"
)

// How values are written. A zero date is written as an empty string.

// isoDate writes "2023-04-01".
func isoDate(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// isoDateTime writes "2023-04-01 00:00:00.000", as SQL Server exports a
// datetime column.
func isoDateTime(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02 15:04:05.000")
}

// ukDate writes "01/04/2023", as the SSD guidance asks for placement dates.
func ukDate(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("02/01/2006")
}

// yn writes a flag.
func yn(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

// decimal writes a number with two decimals.
func decimal(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// atTime is day d at hh:mm.
func atTime(d time.Time, hh, mm int) time.Time {
	return d.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}
