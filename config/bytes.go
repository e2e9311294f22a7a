package config

import (
	"fmt"
	"strconv"
	"strings"
)

// byteUnits are the size suffixes ParseBytes reads, longest first.
var byteUnits = []struct {
	suffix string
	bytes  int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1},
}

// ParseBytes reads a size such as 900MiB, 1GB or 512KiB.
func ParseBytes(s string) (int64, error) {
	text := strings.TrimSpace(s)
	for _, u := range byteUnits {
		if number, ok := strings.CutSuffix(text, u.suffix); ok {
			n, err := strconv.ParseFloat(strings.TrimSpace(number), 64)
			if err != nil || n <= 0 {
				break
			}
			return int64(n * float64(u.bytes)), nil
		}
	}
	return 0, fmt.Errorf("%q is not a size (a number and KiB, MiB, GiB, KB, MB or GB, such as 900MiB)", s)
}
