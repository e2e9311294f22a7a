package bench

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"carewh/config"
	"carewh/pipelines/warehouse"
)

// ModelTime is one model's build in a full run: its rows and seconds (the
// median over the runs), from the warehouse's ops.model_runs.
type ModelTime struct {
	Model   string  `json:"model"`
	Rows    int64   `json:"rows"`
	Seconds float64 `json:"seconds"`
}

// modelTimes reads every model's rows and build time from the warehouse a
// full run built.
func modelTimes(ctx context.Context, cfg *config.Config) (map[string]ModelTime, error) {
	db, err := warehouse.Open(cfg)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT model, coalesce(rows, 0), duration_seconds FROM ops.model_runs")
	if err != nil {
		return nil, fmt.Errorf("reading the models' build times: %w", err)
	}
	defer rows.Close()
	out := map[string]ModelTime{}
	for rows.Next() {
		var m ModelTime
		if err := rows.Scan(&m.Model, &m.Rows, &m.Seconds); err != nil {
			return nil, err
		}
		out[m.Model] = m
	}
	return out, rows.Err()
}

// medianModels is each model's median time over the runs, slowest first.
func medianModels(runs []map[string]ModelTime) []ModelTime {
	if len(runs) == 0 {
		return nil
	}
	var out []ModelTime
	for name, first := range runs[0] {
		var secs []float64
		for _, r := range runs {
			if m, ok := r[name]; ok {
				secs = append(secs, m.Seconds)
			}
		}
		slices.Sort(secs)
		out = append(out, ModelTime{Model: name, Rows: first.Rows, Seconds: secs[len(secs)/2]})
	}
	slices.SortFunc(out, func(a, b ModelTime) int {
		return cmp.Or(cmp.Compare(b.Seconds, a.Seconds), strings.Compare(a.Model, b.Model))
	})
	return out
}

// printSlowest prints the n slowest models of a scale.
func printSlowest(w io.Writer, scale int, models []ModelTime, n int) {
	fmt.Fprintf(w, "scale %d: the %d slowest models (median of the full runs)\n", scale, min(n, len(models)))
	for _, m := range models[:min(n, len(models))] {
		fmt.Fprintf(w, "  %-45s %8.2fs %12d rows\n", m.Model, m.Seconds, m.Rows)
	}
}
