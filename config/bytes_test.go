package config

import "testing"

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]int64{
		"900MiB": 900 << 20, "1GiB": 1 << 30, "1.5GiB": 3 << 29, "512KiB": 512 << 10,
		"2GB": 2e9, "750MB": 750e6, " 64 MiB ": 64 << 20, "1048576B": 1 << 20,
	} {
		if got, err := ParseBytes(in); err != nil || got != want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "900", "MiB", "-1GiB", "0MiB", "lots", "1TB"} {
		if got, err := ParseBytes(in); err == nil {
			t.Errorf("ParseBytes(%q) = %d, want an error", in, got)
		}
	}
}

func TestParseDuckDBMemory(t *testing.T) {
	for in, want := range map[string]int64{
		"2GB": 2e9, "2 GB": 2e9, "2gb": 2e9, "1.5GiB": 3 << 29, "900MiB": 900 << 20, "2G": 2e9, "1TB": 1e12, "128MB": 128e6,
	} {
		if got, err := ParseDuckDBMemory(in); err != nil || got != want {
			t.Errorf("ParseDuckDBMemory(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	// DuckDB refuses the first six; it accepts the rest, and then fails
	// every query (0GB) or any model.
	for _, in := range []string{"", "2", "80%", "lots", "GB", "2XB", "0GB", "-1GB", "64MB", "100KB"} {
		if got, err := ParseDuckDBMemory(in); err == nil {
			t.Errorf("ParseDuckDBMemory(%q) = %d, want an error", in, got)
		}
	}
}
