package pipelines

import (
	"runtime/debug"

	"carewh/config"
)

// limitGoMemory sets the Go runtime's soft memory limit to the config's
// go_memory_limit, unless GOMEMLIMIT set it already. Ingest keeps one
// large map per table (the keys seen, to catch duplicates); without a limit
// the collector lets the heap grow to twice that before collecting, and a
// national-scale run would need twice the memory it uses. lookupEnv is
// os.LookupEnv outside tests. It returns the limit in force.
func limitGoMemory(cfg *config.Config, lookupEnv func(string) (string, bool)) int64 {
	if _, set := lookupEnv("GOMEMLIMIT"); set {
		return debug.SetMemoryLimit(-1)
	}
	limit, err := config.ParseBytes(cfg.GoMemoryLimit)
	if err != nil {
		return debug.SetMemoryLimit(-1) // validation reports it; keep the runtime's
	}
	debug.SetMemoryLimit(limit)
	return limit
}

// returnGoMemory collects what a stage left behind and gives the freed
// pages back to the operating system before the next stage. Under a soft
// limit the collector has no reason to shrink the heap, so ingest's
// duplicate-key maps stayed resident, up to go_memory_limit, while the
// next stages put DuckDB's memory_limit on top.
func returnGoMemory() { debug.FreeOSMemory() }
