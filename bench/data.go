package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"carewh/pipelines/extract/synthetic"
)

// generated describes a generated source folder, kept beside it so that a
// later bench reuses it only when it was made with the same options.
type generated struct {
	Seed  int64  `json:"seed"`
	Scale int    `json:"scale"`
	AsOf  string `json:"as_of"`
}

const generatedFile = "bench-source.json"

// ensureSource generates the synthetic source of a scale into dir/source,
// unless a matching one is there, and its changed copy (about 1% of the
// children changed) into dir/changed. It returns the two folders.
func ensureSource(ctx context.Context, o Options, scale int) (source, changed string, err error) {
	dir := o.scaleDir(scale)
	source, changed = filepath.Join(dir, "source"), filepath.Join(dir, "changed")
	want := generated{Seed: o.Seed, Scale: scale, AsOf: o.AsOf.Format(time.DateOnly)}
	var have generated
	if data, err := os.ReadFile(filepath.Join(dir, generatedFile)); err == nil && json.Unmarshal(data, &have) == nil && have == want {
		if changedCopyCurrent(changed) {
			return source, changed, nil
		}
		// The source is current but its changed copy was made another way.
		if err := os.RemoveAll(changed); err != nil {
			return "", "", fmt.Errorf("clearing %s: %w", changed, err)
		}
		if err := changeOnePercent(source, changed, o.AsOf); err != nil {
			return "", "", err
		}
		return source, changed, nil
	}
	for _, d := range []string{source, changed} {
		if err := os.RemoveAll(d); err != nil {
			return "", "", fmt.Errorf("clearing %s: %w", d, err)
		}
	}
	start := time.Now()
	if _, err := synthetic.WriteDir(ctx, source, synthetic.Options{Seed: o.Seed, Scale: scale, AsOf: o.AsOf}); err != nil {
		return "", "", fmt.Errorf("generating scale %d: %w", scale, err)
	}
	if err := changeOnePercent(source, changed, o.AsOf); err != nil {
		return "", "", err
	}
	data, err := json.Marshal(want)
	if err != nil {
		return "", "", err
	}
	if err := os.WriteFile(filepath.Join(dir, generatedFile), data, 0o644); err != nil {
		return "", "", fmt.Errorf("writing %s: %w", generatedFile, err)
	}
	fmt.Fprintf(o.Progress, "scale %d: generated %s in %.1fs\n", scale, source, time.Since(start).Seconds())
	return source, changed, nil
}
