package bench

import (
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"time"
)

// Options say what Run measures.
type Options struct {
	// Dir holds each scale's data: Dir/scale-<n>/source (generated, reused
	// when present), changed (its copy with about 1% of the children
	// changed), data (the runner's data folder) and reference (DuckDB's
	// output).
	Dir string
	// Scale is the number of synthetic councils measured besides scale 1.
	Scale int
	// Runs is how many times each figure is measured.
	Runs int
	// Seed and AsOf are the synthetic generator's.
	Seed int64
	AsOf time.Time
	// MemoryLimit is DuckDB's memory_limit for every run and the
	// reference (default 1GB, so that a run's peak stays under 1.5 GiB).
	MemoryLimit string
	// Log receives the runner's logs; nil discards them.
	Log *slog.Logger
	// Progress, if set, gets a line as each measurement ends.
	Progress io.Writer
}

// DefaultAsOf is the extract date of the generated data: fixed, so that
// the same scale always gives the same files.
var DefaultAsOf = time.Date(2026, time.March, 31, 0, 0, 0, 0, time.UTC)

func (o Options) normalise() (Options, error) {
	if o.Scale < 1 {
		return o, fmt.Errorf("scale must be at least 1, got %d", o.Scale)
	}
	if o.Runs < 1 {
		return o, fmt.Errorf("runs must be at least 1, got %d", o.Runs)
	}
	if o.Dir == "" {
		return o, fmt.Errorf("a folder for the data is required")
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.AsOf.IsZero() {
		o.AsOf = DefaultAsOf
	}
	if o.MemoryLimit == "" {
		o.MemoryLimit = "1GB"
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	return o, nil
}

// scales are the scales measured: 1, then Scale if it is larger.
func (o Options) scales() []int {
	if o.Scale == 1 {
		return []int{1}
	}
	return []int{1, o.Scale}
}

// scaleDir is where one scale's data lives.
func (o Options) scaleDir(scale int) string {
	return filepath.Join(o.Dir, "scale-"+strconv.Itoa(scale))
}
