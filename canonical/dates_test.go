package canonical

import (
	"testing"
	"time"
)

// civil is the date32 value of a calendar date, worked out from Unix
// seconds rather than the code under test.
func civil(y int, m time.Month, d int) int32 {
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want int32
	}{
		{"1970-01-01", 0},
		{"1970-01-02", 1},
		{"1969-12-31", -1},
		{"2019-04-01", civil(2019, 4, 1)},
		{"2019-04-01 00:00:00", civil(2019, 4, 1)},
		{"2019-04-01 00:00:00.000", civil(2019, 4, 1)},
		{"2019-04-01T23:59:59.999", civil(2019, 4, 1)},
		{"2019-04-01T00:00:00Z", civil(2019, 4, 1)},
		{"2019-04-01T00:00:00+01:00", civil(2019, 4, 1)},
		{"2019-04-01 13:45", civil(2019, 4, 1)},
		{"01/04/2019", civil(2019, 4, 1)},
		{"01/04/2019 13:45", civil(2019, 4, 1)},
		{"01/04/2019 13:45:59", civil(2019, 4, 1)},
		{"31/12/2019", civil(2019, 12, 31)},
		{"29/02/2020", civil(2020, 2, 29)},
		{"2000-02-29", civil(2000, 2, 29)},
		{"1900-01-01", civil(1900, 1, 1)},
		{"1850-06-01", civil(1850, 6, 1)},
		{"2100-12-31", civil(2100, 12, 31)},
	}
	for _, tc := range tests {
		got, err := ParseDays(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDays(%q) = %d (%s), %v; want %d (%s)", tc.in, got, DateOf(got).Format(time.DateOnly), err,
				tc.want, DateOf(tc.want).Format(time.DateOnly))
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	const notDate = " is not a date (expected YYYY-MM-DD or DD/MM/YYYY)"
	const notReal = " is not a real date"
	tests := []struct{ in, want string }{
		{"31/02/2019", `"31/02/2019"` + notReal},
		{"29/02/2019", `"29/02/2019"` + notReal},
		{"2019-02-29", `"2019-02-29"` + notReal},
		{"2100-02-29", `"2100-02-29"` + notReal},
		{"2019-13-01", `"2019-13-01"` + notReal},
		{"2019-00-10", `"2019-00-10"` + notReal},
		{"2019-04-31", `"2019-04-31"` + notReal},
		{"00/01/2019", `"00/01/2019"` + notReal},
		{"32/01/2019", `"32/01/2019"` + notReal},
		{"", `""` + notDate},
		{"garbage", `"garbage"` + notDate},
		{"not a date at all", `"not a date at all"` + notDate},
		{"2019/04/01", `"2019/04/01"` + notDate},
		{"2019-4-1", `"2019-4-1"` + notDate},
		{"1/4/2019", `"1/4/2019"` + notDate},
		{"01-04-2019", `"01-04-2019"` + notDate},
		{"20190401", `"20190401"` + notDate},
		{"2019-04-0a", `"2019-04-0a"` + notDate},
		{"2019-04-01X", `"2019-04-01X"` + notDate},
		{"2019-04-01T", `"2019-04-01T"` + notDate},
		{"2019-04-01 12", `"2019-04-01 12"` + notDate},
		{"2019-04-01 noon!", `"2019-04-01 noon!"` + notDate},
		{"01/04/2019 ab:cd", `"01/04/2019 ab:cd"` + notDate},
		{"-019-04-01", `"-019-04-01"` + notDate},
	}
	for _, tc := range tests {
		got, err := ParseDays(tc.in)
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseDays(%q) = %d, %v; want error %s", tc.in, got, err, tc.want)
		}
	}
}

// TestParseDateFarYears: dates outside the ±292 years a time.Duration
// spans must still come out as the day written, so that a date_range
// message quotes the date the source holds.
func TestParseDateFarYears(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int32
	}{
		{"0001-01-01", civil(1, 1, 1)},
		{"1600-01-01", civil(1600, 1, 1)},
		{"9999-12-31", civil(9999, 12, 31)},
	} {
		got, err := ParseDays(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDays(%q) = %s, %v; want %s", tc.in, DateOf(got).Format(time.DateOnly), err, DateOf(tc.want).Format(time.DateOnly))
		}
	}
	if d := DaysOf(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)); d != civil(9999, 12, 31) {
		t.Errorf("DaysOf(9999-12-31) = %s", DateOf(d).Format(time.DateOnly))
	}
}

func TestDaysOfDateOf(t *testing.T) {
	for _, day := range []time.Time{
		time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(2038, 1, 20, 0, 0, 0, 0, time.UTC),
	} {
		d := DaysOf(day)
		if d != civil(day.Year(), day.Month(), day.Day()) {
			t.Errorf("DaysOf(%s) = %d", day.Format(time.DateOnly), d)
		}
		if back := DateOf(d); !back.Equal(day) {
			t.Errorf("DateOf(DaysOf(%s)) = %s", day, back)
		}
	}
	// The time of day and the zone do not matter: the date as written does.
	for _, day := range []time.Time{
		time.Date(2024, 1, 1, 23, 59, 59, 0, time.UTC),
		time.Date(2024, 1, 1, 1, 0, 0, 0, time.FixedZone("AEST", 10*3600)),
		time.Date(2024, 1, 1, 23, 0, 0, 0, time.FixedZone("HST", -10*3600)),
	} {
		if d := DaysOf(day); d != civil(2024, 1, 1) {
			t.Errorf("DaysOf(%s) = %s, want 2024-01-01", day, DateOf(d).Format(time.DateOnly))
		}
	}
}

// TestDaysFromCivil checks the integer date arithmetic against the time
// package for every day from 1850 to 2150, leap days and centuries included.
func TestDaysFromCivil(t *testing.T) {
	for day := time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2150; day = day.AddDate(0, 0, 1) {
		want := int32(day.Unix() / secondsPerDay)
		if day.Unix() < 0 {
			want = int32(floorDiv(day.Unix(), secondsPerDay))
		}
		if got := daysFromCivil(day.Year(), int(day.Month()), day.Day()); got != want {
			t.Fatalf("daysFromCivil(%s) = %d, want %d", day.Format(time.DateOnly), got, want)
		}
		if got := daysIn(day.Year(), day.Month()); got != time.Date(day.Year(), day.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day() {
			t.Fatalf("daysIn(%d, %s) = %d", day.Year(), day.Month(), got)
		}
	}
}
