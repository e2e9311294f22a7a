package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"carewh/config"
	"carewh/pipelines"
	"carewh/pipelines/lake"
	sqlfiles "carewh/sql"
)

// Result is everything Run measured.
type Result struct {
	GoVersion string `json:"go_version"`
	CPUs      int    `json:"cpus"`
	Runs      int    `json:"runs"`
	// PerStageRSS says each peak_rss figure is its own stage's peak; when
	// false, each is the process's peak up to the end of that stage.
	PerStageRSS bool `json:"per_stage_rss"`
	// MemoryLimit is DuckDB's memory_limit in every run.
	MemoryLimit string        `json:"duckdb_memory_limit"`
	Scales      []ScaleResult `json:"scales"`
	// Growth is each stage's cost per row at the larger scale over its
	// cost at scale 1 (none when only scale 1 was measured).
	Growth  []Growth `json:"growth,omitempty"`
	Targets []Target `json:"targets"`
}

// ScaleResult is the figures of one scale.
type ScaleResult struct {
	Scale      int      `json:"scale"`
	SourceRows int64    `json:"source_rows"` // rows carewh read from every table
	Figures    []Figure `json:"figures"`
	// Models is every model's build time in the full runs, slowest first.
	Models []ModelTime `json:"models"`

	modelRuns []map[string]ModelTime
}

// Figure names, in the order Run reports them.
const (
	ReferenceSeconds       = "reference_ingest_seconds"
	ReferencePeakRSS       = "reference_ingest_peak_rss_bytes"
	IngestSeconds          = "ingest_seconds"
	IngestRatio            = "ingest_ratio"
	IngestPeakRSS          = "ingest_peak_rss_bytes"
	ChangesSeconds         = "changes_seconds"
	ChangesPeakRSS         = "changes_peak_rss_bytes"
	WarehouseSeconds       = "warehouse_seconds"
	WarehouseRowsPerSecond = "warehouse_rows_per_second"
	WarehousePeakRSS       = "warehouse_peak_rss_bytes"
	WarehouseRefSeconds    = "reference_warehouse_load_seconds"
	WarehouseRatio         = "warehouse_ratio"
	FullRunSeconds         = "full_run_seconds"
	NoChangeRunSeconds     = "nochange_run_seconds"
	NoChangeIngestSeconds  = "nochange_ingest_seconds"
	NoChangeChangesSeconds = "nochange_changes_seconds"
	NoChangeLedgerSeconds  = "nochange_ledger_seconds"
	NoChangePeakRSS        = "nochange_run_peak_rss_bytes"
	ChangedRunSeconds      = "changed_run_seconds"
	ChangedChangesSeconds  = "changed_changes_seconds"
	ChangedWarehouseSecs   = "changed_warehouse_seconds"
	ChangedPeakRSS         = "changed_run_peak_rss_bytes"
	ChangedRunRatio        = "changed_run_ratio"
	ChangedWarehouseRatio  = "changed_warehouse_ratio"
)

// FigureNames lists every figure a ScaleResult carries.
var FigureNames = []string{
	ReferenceSeconds, ReferencePeakRSS, IngestSeconds, IngestRatio, IngestPeakRSS,
	ChangesSeconds, ChangesPeakRSS, WarehouseSeconds, WarehouseRowsPerSecond, WarehousePeakRSS, WarehouseRefSeconds, WarehouseRatio,
	FullRunSeconds, NoChangeRunSeconds, NoChangeIngestSeconds, NoChangeChangesSeconds, NoChangeLedgerSeconds, NoChangePeakRSS,
	ChangedRunSeconds, ChangedChangesSeconds, ChangedWarehouseSecs, ChangedPeakRSS, ChangedRunRatio, ChangedWarehouseRatio,
}

// hmacKey is the bench's pseudonymisation key: the data is synthetic.
const hmacKey = "carewh-bench-key-0123456789abcdef0123456789abcdef"

// Run measures every scale of o, o.Runs times each.
func Run(ctx context.Context, o Options) (Result, error) {
	o, err := o.normalise()
	if err != nil {
		return Result{}, err
	}
	res := Result{GoVersion: runtime.Version(), CPUs: runtime.NumCPU(), Runs: o.Runs, PerStageRSS: true, MemoryLimit: o.MemoryLimit}
	for _, scale := range o.scales() {
		sr, perStage, err := measureScale(ctx, o, scale)
		if err != nil {
			return res, err
		}
		res.PerStageRSS = res.PerStageRSS && perStage
		res.Scales = append(res.Scales, sr)
	}
	res.Growth = growth(res.Scales)
	res.Targets = targets(res)
	return res, nil
}

// stages records one run's stage times and peaks.
type stages struct {
	seconds  map[string]float64
	peak     map[string]int64
	perStage bool
}

func measureScale(ctx context.Context, o Options, scale int) (ScaleResult, bool, error) {
	source, changed, err := ensureSource(ctx, o, scale)
	if err != nil {
		return ScaleResult{}, false, err
	}
	sr := ScaleResult{Scale: scale}
	s := newSamples()
	perStage := true
	for i := 1; i <= o.Runs; i++ {
		ok, err := measureRound(ctx, o, round{scale: scale, n: i, source: source, changed: changed}, s, &sr)
		if err != nil {
			return sr, false, err
		}
		perStage = perStage && ok
	}
	sr.Figures = s.figures()
	sr.Models = medianModels(sr.modelRuns)
	printSlowest(o.Progress, scale, sr.Models, 10)
	return sr, perStage, nil
}

// round is one of a scale's --runs rounds.
type round struct {
	scale, n        int
	source, changed string // the generated source, and its changed copy (1% of children)
}

// measureReference times DuckDB's own COPY of the round's source files to
// Parquet, the reference the ingest is compared with.
func measureReference(ctx context.Context, o Options, r round, settings config.DuckDB, s *samples) (seconds float64, perStage bool, err error) {
	refDir := filepath.Join(o.scaleDir(r.scale), "reference")
	if err := os.RemoveAll(refDir); err != nil {
		return 0, false, err
	}
	perStage = resetPeakRSS()
	start := time.Now()
	if _, err := ReferenceIngest(ctx, settings, r.source, refDir); err != nil {
		return 0, false, err
	}
	seconds = time.Since(start).Seconds()
	fmt.Fprintf(o.Progress, "scale %d, run %d of %d: reference ingest %.2fs\n", r.scale, r.n, o.Runs, seconds)
	s.add(ReferenceSeconds, "seconds", seconds)
	s.add(ReferencePeakRSS, "bytes", float64(peakRSS()))
	return seconds, perStage, nil
}

// measureWarehouseReference times DuckDB loading the full run's lake into
// a fresh file (WarehouseReference), the floor of the warehouse build.
func measureWarehouseReference(ctx context.Context, o Options, r round, cfg *config.Config, m lake.Manifest) (float64, error) {
	start := time.Now()
	path := filepath.Join(o.scaleDir(r.scale), "reference-warehouse.duckdb")
	if _, err := WarehouseReference(ctx, cfg.DuckDB, lake.Lake{Root: cfg.LakeDir()}, m, path); err != nil {
		return 0, err
	}
	seconds := time.Since(start).Seconds()
	fmt.Fprintf(o.Progress, "scale %d, run %d of %d: reference warehouse load %.2fs\n", r.scale, r.n, o.Runs, seconds)
	return seconds, nil
}

// measureRound measures one round: the reference, a full run on a fresh
// data folder, a run with no change, and a run with about 1% of the
// children changed.
func measureRound(ctx context.Context, o Options, r round, s *samples, sr *ScaleResult) (bool, error) {
	scale, i := r.scale, r.n
	cfg, err := runConfig(o.scaleDir(scale), r.source, o)
	if err != nil {
		return false, err
	}
	refSeconds, perStage, err := measureReference(ctx, o, r, cfg.DuckDB, s)
	if err != nil {
		return false, err
	}

	// A full run on a fresh data folder.
	if err := os.RemoveAll(cfg.DataDir); err != nil {
		return false, err
	}
	full, m, err := runOnce(ctx, o, cfg)
	if err != nil {
		return false, fmt.Errorf("scale %d, run %d, full run: %w", scale, i, err)
	}
	perStage = perStage && full.perStage
	var rows int64
	for _, t := range m.Tables {
		rows += t.Rows + t.Quarantined
	}
	sr.SourceRows = rows
	s.add(IngestSeconds, "seconds", full.seconds["ingest"])
	s.add(IngestRatio, "ratio", full.seconds["ingest"]/refSeconds)
	s.add(IngestPeakRSS, "bytes", float64(full.peak["ingest"]))
	s.add(ChangesSeconds, "seconds", full.seconds["changes"])
	s.add(ChangesPeakRSS, "bytes", float64(full.peak["changes"]))
	s.add(WarehouseSeconds, "seconds", full.seconds["warehouse"])
	s.add(WarehouseRowsPerSecond, "rows_per_second", float64(rows)/full.seconds["warehouse"])
	s.add(WarehousePeakRSS, "bytes", float64(full.peak["warehouse"]))
	s.add(FullRunSeconds, "seconds", full.seconds["total"])
	times, err := modelTimes(ctx, cfg)
	if err != nil {
		return false, err
	}
	sr.modelRuns = append(sr.modelRuns, times)
	refWarehouse, err := measureWarehouseReference(ctx, o, r, cfg, m)
	if err != nil {
		return false, err
	}
	s.add(WarehouseRefSeconds, "seconds", refWarehouse)
	s.add(WarehouseRatio, "ratio", full.seconds["warehouse"]/refWarehouse)

	// The same source again: nothing changed.
	same, m, err := runOnce(ctx, o, cfg)
	if err != nil {
		return false, fmt.Errorf("scale %d, run %d, no-change run: %w", scale, i, err)
	}
	if m.WarehouseRebuilt {
		return false, fmt.Errorf("scale %d, run %d: the no-change run rebuilt the warehouse", scale, i)
	}
	s.add(NoChangeRunSeconds, "seconds", same.seconds["total"])
	s.add(NoChangeIngestSeconds, "seconds", same.seconds["ingest"])
	s.add(NoChangeChangesSeconds, "seconds", same.seconds["changes"])
	s.add(NoChangeLedgerSeconds, "seconds", same.seconds["warehouse"])
	s.add(NoChangePeakRSS, "bytes", float64(same.maxPeak()))

	// About 1% of the children changed (changeOnePercent), on the same
	// data folder: measured against this round's full run.
	changedCfg, err := runConfig(o.scaleDir(scale), r.changed, o)
	if err != nil {
		return false, err
	}
	moved, _, err := runOnce(ctx, o, changedCfg)
	if err != nil {
		return false, fmt.Errorf("scale %d, run %d, changed run: %w", scale, i, err)
	}
	s.add(ChangedRunSeconds, "seconds", moved.seconds["total"])
	s.add(ChangedChangesSeconds, "seconds", moved.seconds["changes"])
	s.add(ChangedWarehouseSecs, "seconds", moved.seconds["warehouse"])
	s.add(ChangedPeakRSS, "bytes", float64(moved.maxPeak()))
	runRatio := moved.seconds["total"] / full.seconds["total"]
	s.add(ChangedRunRatio, "ratio", runRatio)
	s.add(ChangedWarehouseRatio, "ratio", moved.seconds["warehouse"]/full.seconds["warehouse"])
	fmt.Fprintf(o.Progress, "scale %d, run %d of %d: ingest %.2fs (reference %.2fs), warehouse %.2fs, no-change run %.2fs, 1%%-of-children changed run %.2fs (%.2f× the full run)\n",
		scale, i, o.Runs, full.seconds["ingest"], refSeconds, full.seconds["warehouse"], same.seconds["total"], moved.seconds["total"], runRatio)
	return perStage, nil
}

// runOnce runs the pipeline once for cfg, timing and measuring each stage.
func runOnce(ctx context.Context, o Options, cfg *config.Config) (stages, lake.Manifest, error) {
	st := stages{seconds: map[string]float64{}, peak: map[string]int64{}, perStage: true}
	label := filepath.Base(cfg.Source.Path) // source or changed
	st.perStage = resetPeakRSS()
	runner := &pipelines.Runner{
		Config: cfg, Log: o.Log, Models: sqlfiles.Files, Pipeline: "bench", Trigger: "bench",
		Getenv: func(name string) string {
			if name == "CAREWH_HMAC_KEY" {
				return hmacKey
			}
			return ""
		},
		StageDone: func(stage string, elapsed time.Duration) {
			st.seconds[stage] = elapsed.Seconds()
			st.peak[stage] = peakRSS()
			st.perStage = resetPeakRSS() && st.perStage
			fmt.Fprintf(o.Progress, "  %s: %s %.2fs, peak %d MiB\n", label, stage, elapsed.Seconds(), st.peak[stage]>>20)
		},
	}
	start := time.Now()
	m, err := runner.Run(ctx)
	st.seconds["total"] = time.Since(start).Seconds()
	return st, m, err
}

// maxPeak is the highest peak of any stage of the run.
func (st stages) maxPeak() int64 {
	var p int64
	for _, v := range st.peak {
		p = max(p, v)
	}
	return p
}

// runConfig is the config of a bench run over source, with its data in
// dir/data.
func runConfig(dir, source string, o Options) (*config.Config, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	absSource, err := filepath.Abs(source)
	if err != nil {
		return nil, err
	}
	yaml := fmt.Sprintf("version: 1\ndata_dir: %q\nsource:\n  kind: ssdcsv\n  path: %q\nreporting:\n  as_of: %q\nduckdb:\n  memory_limit: %q\n",
		filepath.Join(abs, "data"), absSource, o.AsOf.Format(time.DateOnly), o.MemoryLimit)
	path := filepath.Join(abs, "carewh-bench.yaml")
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return config.Load(path)
}
