package config

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
	"time"
)

// builtinHolidays parses BankHolidaysCSV: a date,name header, then one
// holiday a row, in date order, each date once.
func builtinHolidays(t *testing.T) map[string]string {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(BankHolidaysCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) < 2 || !slices.Equal(records[0], []string{"date", "name"}) {
		t.Fatalf("header %v, want date,name", records[0])
	}
	out := make(map[string]string, len(records)-1)
	prev := ""
	for i, r := range records[1:] {
		day, err := time.Parse(time.DateOnly, r[0])
		if err != nil {
			t.Fatalf("row %d: %v", i+2, err)
		}
		if r[1] == "" {
			t.Errorf("row %d: %s has no name", i+2, r[0])
		}
		if r[0] <= prev {
			t.Errorf("row %d: %s is not after %s", i+2, r[0], prev)
		}
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("row %d: %s (%s) is %s", i+2, r[0], r[1], wd)
		}
		prev = r[0]
		out[r[0]] = r[1]
	}
	return out
}

func TestBankHolidaysOneOffs(t *testing.T) {
	got := builtinHolidays(t)
	// domain.md §3: the one-off and moved holidays.
	for _, day := range []string{
		"1995-05-08",               // early May moved to VE day
		"1999-12-31",               // millennium
		"2002-06-03", "2002-06-04", // golden jubilee; spring holiday moved
		"2011-04-29",               // royal wedding
		"2012-06-04", "2012-06-05", // spring holiday moved; diamond jubilee
		"2020-05-08",               // early May moved to VE day
		"2022-06-02", "2022-06-03", // spring holiday moved; platinum jubilee
		"2022-09-19", // state funeral
		"2023-05-08", // coronation
	} {
		if _, ok := got[day]; !ok {
			t.Errorf("%s is missing", day)
		}
	}
	// The usual days those years did not have.
	for _, day := range []string{"1995-05-01", "2002-05-27", "2020-05-04", "2012-05-28", "2022-05-30"} {
		if name, ok := got[day]; ok {
			t.Errorf("%s (%s) was not a bank holiday", day, name)
		}
	}
}

// TestBankHolidaysByRule rebuilds the list for 1990–2027 (core.calendar
// starts in 1990) from the
// statutory pattern (New Year, Good Friday, Easter Monday, first and last
// Monday of May, last Monday of August, Christmas and Boxing Day, each
// moved to the next weekday when it falls at a weekend) plus the one-off
// changes, and compares it with the file.
func TestBankHolidaysByRule(t *testing.T) {
	got := builtinHolidays(t)
	want := map[string]bool{}
	add := func(d time.Time) { want[d.Format(time.DateOnly)] = true }
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	firstMonday := func(y int, m time.Month) time.Time {
		d := day(y, m, 1)
		for d.Weekday() != time.Monday {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	lastMonday := func(y int, m time.Month) time.Time {
		d := day(y, m+1, 0)
		for d.Weekday() != time.Monday {
			d = d.AddDate(0, 0, -1)
		}
		return d
	}
	for y := 1990; y <= 2027; y++ {
		newYear := day(y, 1, 1)
		for newYear.Weekday() == time.Saturday || newYear.Weekday() == time.Sunday {
			newYear = newYear.AddDate(0, 0, 1)
		}
		add(newYear)
		easter := easterSunday(y)
		add(easter.AddDate(0, 0, -2))
		add(easter.AddDate(0, 0, 1))
		switch y {
		case 1995:
			add(day(1995, 5, 8))
		case 2020:
			add(day(2020, 5, 8))
		default:
			add(firstMonday(y, time.May))
		}
		switch y {
		case 2002:
			add(day(2002, 6, 4))
		case 2012:
			add(day(2012, 6, 4))
		case 2022:
			add(day(2022, 6, 2))
		default:
			add(lastMonday(y, time.May))
		}
		add(lastMonday(y, time.August))
		// Christmas then Boxing Day, each on the first free weekday.
		taken := map[time.Time]bool{}
		for _, d := range []time.Time{day(y, 12, 25), day(y, 12, 26)} {
			for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || taken[d] {
				d = d.AddDate(0, 0, 1)
			}
			taken[d] = true
			add(d)
		}
	}
	for _, d := range []string{"1999-12-31", "2002-06-03", "2011-04-29", "2012-06-05", "2022-06-03", "2022-09-19", "2023-05-08"} {
		want[d] = true
	}
	for d := range want {
		if _, ok := got[d]; !ok {
			t.Errorf("%s is missing", d)
		}
	}
	for d, name := range got {
		if !want[d] {
			t.Errorf("%s (%s) is not a bank holiday", d, name)
		}
	}
}

// easterSunday is the Gregorian Easter (the anonymous algorithm).
func easterSunday(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	dayOf := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), dayOf, 0, 0, 0, 0, time.UTC)
}

func TestEasterSunday(t *testing.T) {
	for y, want := range map[int]string{2019: "2019-04-21", 2024: "2024-03-31", 2025: "2025-04-20", 2011: "2011-04-24"} {
		if got := easterSunday(y).Format(time.DateOnly); got != want {
			t.Errorf("easterSunday(%d) = %s, want %s", y, got, want)
		}
	}
}
