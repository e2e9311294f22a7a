package canonical

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseDate: parsing never panics; a date it accepts is the real
// calendar day the text names (never rolled over: the text's date part is
// the day written back in the text's own layout), and reads back the same
// from ISO and UK text; and every real day of years 0–9999, written either
// way, parses to that day.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2019-04-01", "01/04/2019", "2019-04-01 00:00:00.000", "2019-04-01T00:00:00Z", "01/04/2019 13:45",
		"31/02/2019", "2019-13-01", "29/02/2020", "29/02/2100", "0000-01-01", "9999-12-31", "", " ", "2019-04-0",
		"2019-04-01X", "2019-04-01 1", "+019-04-01", "20190401", "01/04/19", "2019-04-01T25:61",
	} {
		f.Add(s, 2019, 4, 1)
	}
	f.Add("", 2000, 2, 29)
	f.Add("", 1900, 2, 29)
	f.Add("", 0, 1, 1)
	f.Fuzz(func(t *testing.T, s string, y, m, d int) {
		if days, err := ParseDays(s); err == nil {
			day := DateOf(days)
			iso, uk := day.Format(time.DateOnly), day.Format("02/01/2006")
			if !strings.HasPrefix(s, iso) && !strings.HasPrefix(s, uk) {
				t.Fatalf("%q parsed as %s: not the day it names", s, iso)
			}
			for _, text := range []string{iso, uk} {
				if back, err := ParseDays(text); err != nil || back != days {
					t.Fatalf("%q parsed as %s, which reads back as %d (%v), not %d", s, text, back, err, days)
				}
			}
			if DaysOf(day) != days {
				t.Fatalf("%q: DaysOf(DateOf(%d)) = %d", s, days, DaysOf(day))
			}
			if got, ok := ParseDate(" " + s + " "); !ok || !got.Equal(day) {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v", s, got, ok, day)
			}
		}
		if y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
			return
		}
		want := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		real := want.Day() == d // time.Date rolls 31/04 over to 1/05
		for _, text := range []string{want.Format(time.DateOnly), want.Format("02/01/2006")} {
			if !real {
				continue
			}
			if got, err := ParseDays(text); err != nil || got != DaysOf(want) {
				t.Fatalf("%q: %d (%v), want %d", text, got, err, DaysOf(want))
			}
		}
		if !real {
			text := strings.Replace(want.Format("2006-01-02"), want.Format("-01-02"), "-"+two(m)+"-"+two(d), 1)
			if _, err := ParseDays(text); err == nil {
				t.Fatalf("%q is no real day, but parsed", text)
			}
		}
	})
}

func two(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }
