// Package bench measures carewh's pipeline on synthetic data: what
// `carewh bench` runs.
//
// For each scale (1, and the one asked for) it generates a synthetic case
// system once (reused on later runs), then, N times over:
//
//   - reference: DuckDB's own COPY of the same CSV files into Parquet with
//     the lake's columns and types (ReferenceIngest), the
//     yardstick for ingest;
//   - full run: a pipelines.Runner on a fresh data folder, timed per stage:
//     ingest (extract, transforms, staged Parquet), changes (change
//     detection into the lake) and warehouse (every model and check);
//   - no-change run: the same source again, end to end (the runner sees
//     the source files are unchanged and skips ingest);
//   - changed run: the source with about 1% of its children changed, as
//     a nightly extract changes them (changeOnePercent: some deleted, some
//     with a correction to their care record, some new), on the same data
//     folder, end to end and per stage, and against the round's full run
//     (changed_run_ratio, and changed_warehouse_ratio for the warehouse
//     stage).
//
// Each figure is the median of the N runs, with min and max. With two
// scales, Growth compares each stage's time per source row at the larger
// scale with scale 1's; Targets checks the worst run against issues #7's
// and #17's targets (ingest ratio ≤ 1.5, warehouse ratio ≤ 2.5, peak RSS
// ≤ 1.5 GiB, growth ≤ 1.2, no-change run ≤ 2 s at scale 1 and ≤ 3 s at
// the larger scale, changed run ≤ 0.2 of the full run at the largest
// scale measured). Every run uses DuckDB memory_limit
// Options.MemoryLimit. Peak memory is the process's resident-set
// high-water mark (VmHWM), reset before each stage through
// /proc/self/clear_refs so that each stage has its own peak; where that is
// not possible (not Linux) each peak is the process's peak so far, and
// Result.PerStageRSS is false. Every stage runs in the bench's own
// process, so "end to end" excludes process start.
package bench
