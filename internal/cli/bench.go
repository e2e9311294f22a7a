package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"

	"github.com/spf13/cobra"

	"carewh/bench"
)

func newBenchCmd(e *env) *cobra.Command {
	var dir, jsonPath, memoryLimit, cpuProfile string
	var scale, runs int
	var seed int64
	cmd := &cobra.Command{
		Use:   "bench [--scale S] [--runs N] [--json FILE]",
		Short: "Measure ingest, warehouse build and incremental runs on synthetic data",
		Long: `Generate (or reuse) a synthetic case system at scale 1 and at --scale councils,
and measure, --runs times each: carewh's ingest (extract, transforms, staged
Parquet) against DuckDB's own COPY of the same CSV files to Parquet; change
detection; the warehouse build (every model and check) against DuckDB loading
the same lake into a fresh file (warehouse_ratio); a run with no
source change; a run with about 1% of the children changed (deleted,
corrected or new, as a nightly extract changes them), against the full run
(changed_run_ratio); and the peak memory of each.
Prints each figure's median, min and max, and with --json writes them to a
file. The data lives in --dir (default ./carewh-data/bench), one folder per
scale.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if scale < 1 {
				return usageError{fmt.Errorf("--scale must be at least 1")}
			}
			if runs < 1 {
				return usageError{fmt.Errorf("--runs must be at least 1")}
			}
			if cpuProfile != "" {
				stop, err := startCPUProfile(cpuProfile)
				if err != nil {
					return err
				}
				defer stop()
			}
			level := slog.LevelError
			if e.verbose {
				level = slog.LevelInfo
			}
			res, err := bench.Run(cmd.Context(), bench.Options{
				Dir: dir, Scale: scale, Runs: runs, Seed: seed, MemoryLimit: memoryLimit, Progress: e.stderr,
				Log: slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level})),
			})
			if err != nil {
				return fmt.Errorf("bench: %w", err)
			}
			printBench(e.stdout, res)
			if jsonPath == "" {
				return nil
			}
			data, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				return err
			}
			if dir := filepath.Dir(jsonPath); dir != "" {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return fmt.Errorf("writing %s: %w", jsonPath, err)
				}
			}
			if err := os.WriteFile(jsonPath, append(data, '\n'), 0o644); err != nil {
				return fmt.Errorf("writing %s: %w", jsonPath, err)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&scale, "scale", 10, "councils in the larger data set (scale 1 is always measured too); 150 for the national figure, about 45 minutes")
	cmd.Flags().IntVar(&runs, "runs", 3, "runs per figure: each figure is their median, with min and max")
	cmd.Flags().StringVar(&dir, "dir", "./carewh-data/bench", "folder for the generated data and runs, one scale-<n> folder per scale")
	cmd.Flags().StringVar(&jsonPath, "json", "", "also write the figures to this JSON file")
	cmd.Flags().Int64Var(&seed, "seed", 1, "synthetic generator seed")
	cmd.Flags().StringVar(&cpuProfile, "cpuprofile", "", "write a Go CPU profile of the whole bench to this file (go tool pprof)")
	cmd.Flags().StringVar(&memoryLimit, "memory-limit", "1GB", "DuckDB memory_limit for every run and the reference")
	return cmd
}

// printBench writes one row per figure, one column per scale.
func printBench(w io.Writer, res bench.Result) {
	header := []string{"figure"}
	for _, s := range res.Scales {
		header = append(header, fmt.Sprintf("scale %d: median (min – max)", s.Scale))
	}
	var rows [][]string
	for i, name := range bench.FigureNames {
		row := []string{name}
		for _, s := range res.Scales {
			cell := ""
			if i < len(s.Figures) {
				for _, f := range s.Figures {
					if f.Name == name {
						cell = fmt.Sprintf("%s (%s – %s)", benchValue(f.Unit, f.Median), benchValue(f.Unit, f.Min), benchValue(f.Unit, f.Max))
					}
				}
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	rows = append(rows, nil)
	rowsLine := []string{"source rows"}
	for _, s := range res.Scales {
		rowsLine = append(rowsLine, strconv.FormatInt(s.SourceRows, 10))
	}
	rows[len(rows)-1] = rowsLine
	printTable(w, header, rows)
	peak := "each stage's own peak (VmHWM reset before each stage)"
	if !res.PerStageRSS {
		peak = "the process's peak up to the end of each stage"
	}
	fmt.Fprintf(w, "\n%d runs per figure, %s, %d CPUs, DuckDB memory_limit %s; peak RSS is %s\n",
		res.Runs, res.GoVersion, res.CPUs, res.MemoryLimit, peak)
	if len(res.Growth) > 0 {
		fmt.Fprintln(w)
		grown := make([][]string, 0, len(res.Growth))
		for _, g := range res.Growth {
			grown = append(grown, []string{g.Figure, fmt.Sprintf("%.2f s", g.Scale1PerMillionRows),
				fmt.Sprintf("%.2f s", g.ScaleSPerMillionRows), fmt.Sprintf("%.2f", g.Ratio)})
		}
		printTable(w, []string{"growth", "per million rows, scale 1", fmt.Sprintf("scale %d", res.Scales[len(res.Scales)-1].Scale), "ratio"}, grown)
	}
	fmt.Fprintln(w)
	checks := make([][]string, 0, len(res.Targets))
	for _, t := range res.Targets {
		verdict := "met"
		if !t.Met {
			verdict = "MISSED"
		}
		checks = append(checks, []string{t.Name, benchValue(t.Unit, t.Measured), "≤ " + benchValue(t.Unit, t.Limit), verdict})
	}
	printTable(w, []string{"target (worst run)", "measured", "target", ""}, checks)
}

func benchValue(unit string, v float64) string {
	switch unit {
	case "seconds":
		return fmt.Sprintf("%.2f s", v)
	case "bytes":
		return fmt.Sprintf("%.0f MiB", v/(1<<20))
	case "ratio":
		return fmt.Sprintf("%.2f", v)
	case "rows_per_second":
		return fmt.Sprintf("%.0f/s", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// startCPUProfile starts writing a CPU profile to path; stop ends it.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("creating CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting CPU profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
