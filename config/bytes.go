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

// duckDBUnits are the size units DuckDB's memory_limit reads, in lower
// case (DuckDB ignores case): decimal KB…TB (and K…T), binary KiB…TiB.
var duckDBUnits = map[string]float64{
	"b": 1, "byte": 1, "bytes": 1,
	"k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// MinDuckDBMemory is the smallest duckdb.memory_limit carewh accepts: at
// 64MB DuckDB ran out of memory building the warehouse of a 13-child
// golden case, at 96MB it did not.
const MinDuckDBMemory = 128e6

// ParseDuckDBMemory reads a DuckDB memory_limit as DuckDB does (a number,
// optional spaces and a unit, such as 2GB, 1.5 GiB or 900MiB) and refuses
// one DuckDB would refuse, and one too small to build a warehouse in (0GB
// is valid to DuckDB, and then fails every query).
func ParseDuckDBMemory(s string) (int64, error) {
	text := strings.TrimSpace(s)
	i := strings.IndexFunc(text, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i <= 0 {
		return 0, fmt.Errorf("%q is not a size DuckDB reads (a number and KB, MB, GB, TB, KiB, MiB, GiB or TiB, such as 2GB)", s)
	}
	n, err := strconv.ParseFloat(text[:i], 64)
	unit, ok := duckDBUnits[strings.ToLower(strings.TrimSpace(text[i:]))]
	if err != nil || !ok {
		return 0, fmt.Errorf("%q is not a size DuckDB reads (a number and KB, MB, GB, TB, KiB, MiB, GiB or TiB, such as 2GB)", s)
	}
	bytes := int64(n * unit)
	if bytes < MinDuckDBMemory {
		return bytes, fmt.Errorf("%q is below 128MB, too little for DuckDB to build the warehouse in", s)
	}
	return bytes, nil
}
