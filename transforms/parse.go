package transforms

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

func parseBool(s string) (bool, error) {
	for _, yes := range []string{"y", "yes", "true", "t", "1"} {
		if strings.EqualFold(s, yes) {
			return true, nil
		}
	}
	for _, no := range []string{"n", "no", "false", "f", "0"} {
		if strings.EqualFold(s, no) {
			return false, nil
		}
	}
	return false, fmt.Errorf("%q is not yes or no (expected Y/N, Yes/No, true/false or 1/0)", s)
}

func parseInt(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return n, nil
}

// parseFloat reads a plain decimal number; NaN, infinities and hex floats,
// which strconv accepts, are not numbers a case system means.
func parseFloat(s string) (float64, error) {
	plain := strings.Trim(s, "0123456789+-.eE") == ""
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !plain || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return f, nil
}
