package sources

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"carewh/internal/atomicfile"
	"carewh/pipelines/extract"
	"carewh/pipelines/extract/synthetic"
)

// generatedMarker records what the synthetic case system in a folder was
// generated with, so it is made once and reused.
const generatedMarker = "_carewh_generated.json"

type generatedWith struct {
	Generator string `json:"generator"` // synthetic.Version
	Seed      int64  `json:"seed"`
	Scale     int    `json:"scale"`
	AsOf      string `json:"as_of"`
}

// reusableFor reports whether a council generated with g is the one want
// asks for: the same generator, seed and scale, whatever day it was made.
func (g generatedWith) reusableFor(want generatedWith) bool {
	return g.Generator == want.Generator && g.Seed == want.Seed && g.Scale == want.Scale
}

// openSynthetic generates the synthetic case system into the source folder
// unless one made by this generator with the same seed and scale is there (whatever day it
// was made, as a real extract would be), then reads it as SSD CSV exports.
func openSynthetic(ctx context.Context, env Env) (extract.Source, error) {
	if env.Existing {
		return openSSDCSV(ctx, env)
	}
	cfg, asOf, log := env.Config, env.AsOf, env.Log
	want := generatedWith{Generator: synthetic.Version, Seed: cfg.Source.Synthetic.Seed, Scale: cfg.Source.Synthetic.Scale, AsOf: asOf.Format(time.DateOnly)}
	marker := filepath.Join(cfg.Source.Path, generatedMarker)
	var have generatedWith
	data, err := os.ReadFile(marker)
	if err == nil {
		err = json.Unmarshal(data, &have)
	}
	if err != nil || !have.reusableFor(want) {
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			log.Warn("regenerating synthetic case system", "reason", err)
		}
		start := time.Now()
		log.InfoContext(ctx, "generating synthetic case system", "path", cfg.Source.Path, "seed", want.Seed, "scale", want.Scale, "as_of", want.AsOf)
		sum, err := synthetic.WriteDir(ctx, cfg.Source.Path, synthetic.Options{Seed: want.Seed, Scale: want.Scale, AsOf: asOf})
		if err != nil {
			return nil, fmt.Errorf("generating synthetic case system: %w", err)
		}
		var rows int64
		for _, n := range sum.Rows {
			rows += n
		}
		log.InfoContext(ctx, "generated synthetic case system", "rows", rows, "duration_seconds", time.Since(start).Seconds())
		data, _ := json.Marshal(want)
		if err := atomicfile.WriteBytes(marker, data); err != nil {
			return nil, fmt.Errorf("recording synthetic generation: %w", err)
		}
	}
	return openSSDCSV(ctx, env)
}
