package transforms

import (
	"math"
	"testing"
)

func TestParseBool(t *testing.T) {
	for _, in := range []string{"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "t", "T", "1"} {
		if b, err := parseBool(in); err != nil || !b {
			t.Errorf("parseBool(%q) = %v, %v; want true", in, b, err)
		}
	}
	for _, in := range []string{"n", "N", "no", "No", "NO", "false", "False", "f", "F", "0"} {
		if b, err := parseBool(in); err != nil || b {
			t.Errorf("parseBool(%q) = %v, %v; want false", in, b, err)
		}
	}
	for _, in := range []string{"", "maybe", "2", "-1", "yep", "nope", "on", "off", "ja", " y"} {
		want := `"` + in + `" is not yes or no (expected Y/N, Yes/No, true/false or 1/0)`
		if b, err := parseBool(in); err == nil || err.Error() != want {
			t.Errorf("parseBool(%q) = %v, %v; want error %s", in, b, err, want)
		}
	}
}

func TestParseInt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{{"0", 0}, {"42", 42}, {"-42", -42}, {"+7", 7}, {"007", 7}, {"9223372036854775807", math.MaxInt64}} {
		if n, err := parseInt(tc.in); err != nil || n != tc.want {
			t.Errorf("parseInt(%q) = %d, %v; want %d", tc.in, n, err, tc.want)
		}
	}
	for _, in := range []string{"", "4.5", "1e3", "1,000", "seven", "9223372036854775808", "0x10"} {
		want := `"` + in + `" is not a whole number`
		if n, err := parseInt(in); err == nil || err.Error() != want {
			t.Errorf("parseInt(%q) = %d, %v; want error %s", in, n, err, want)
		}
	}
}

func TestParseFloat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
	}{{"0", 0}, {"0.5", 0.5}, {".5", 0.5}, {"-1.25", -1.25}, {"1e3", 1000}, {"1", 1}} {
		if f, err := parseFloat(tc.in); err != nil || f != tc.want {
			t.Errorf("parseFloat(%q) = %v, %v; want %v", tc.in, f, err, tc.want)
		}
	}
	for _, in := range []string{"", "1,5", "0.5.1", "half", "1e", "£1"} {
		want := `"` + in + `" is not a number`
		if f, err := parseFloat(in); err == nil || err.Error() != want {
			t.Errorf("parseFloat(%q) = %v, %v; want error %s", in, f, err, want)
		}
	}
}

// TestParseFloatNotFinite: a full-time equivalence of NaN or infinity is
// no number a case system means, and would poison every caseload sum.
func TestParseFloatNotFinite(t *testing.T) {
	for _, in := range []string{"NaN", "nan", "Inf", "+Inf", "-Infinity", "0x1p-2"} {
		if f, err := parseFloat(in); err == nil {
			t.Errorf("parseFloat(%q) = %v, want an error", in, f)
		}
	}
}
