package cli

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"carewh/config"
	"carewh/pipelines"
	"carewh/publish"
	sqlfiles "carewh/sql"
)

func newRunCmd(e *env) *cobra.Command {
	var configPath, asOf, knownAt string
	var lockWait time.Duration
	var acceptShrink []string
	var full bool
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run the pipeline once: extract, transform, lake, warehouse, checks",
		Long: `Run the whole pipeline once and print the headline KPIs of the latest complete
reporting year. With no --config, carewh uses its built-in demo: a synthetic
case system generated into ./carewh-data/source on first use.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			warnOpenDataDir(cmd.Context(), e.logger, cfg.DataDir)
			if asOf != "" || knownAt != "" {
				if asOf != "" {
					cfg.Reporting.AsOf = asOf
				}
				if knownAt != "" {
					cfg.Reporting.KnownAt = knownAt
				}
				if err := cfg.Validate(); err != nil {
					return usageError{fmt.Errorf("--as-of/--known-at: %w", err)}
				}
			}
			if err := pipelines.CheckAcceptShrink(acceptShrink); err != nil {
				return usageError{err}
			}
			if !cmd.Flags().Changed("lock-wait") {
				lockWait = cfg.Serve.LockWaitDuration()
			}
			runner := &pipelines.Runner{Config: cfg, Log: e.logger, Models: sqlfiles.Files, Getenv: e.getenv, LockWait: lockWait,
				AcceptShrink: acceptShrink, Full: full}
			m, err := runner.Run(cmd.Context())
			if err != nil {
				return fmt.Errorf("run %s %s: %w", m.RunID, m.Status, err)
			}
			if err := publish.AfterRun(cmd.Context(), cfg, e.logger); err != nil {
				return fmt.Errorf("run %s succeeded but writing its exports failed: %w", m.RunID, err)
			}
			if err := withWarehouse(cfg, nil, func(db *sql.DB) error { return printRunSummary(cmd.Context(), e.stdout, db, cfg) }); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "warehouse: %s (run %s)\n", cfg.WarehousePath(), m.RunID)
			return nil
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "config file (default: the built-in demo config)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "compute as at this date (YYYY-MM-DD) instead of today")
	cmd.Flags().StringVar(&knownAt, "known-at", "", "rebuild from the data as it was known at this date or RFC 3339 time")
	cmd.Flags().StringArrayVar(&acceptShrink, "accept-shrink", nil,
		"publish although TABLE shrank beyond publish_guard since the last published run (repeatable; \"all\" for every table)")
	cmd.Flags().BoolVar(&full, "full", false,
		"read every source file and build the warehouse whole from the lake, even when nothing changed or the last warehouse could be brought up to date with the run's changes")
	cmd.Flags().DurationVar(&lockWait, "lock-wait", 0, "how long to wait while another run (carewh serve) writes the data folder (default serve.lock_wait)")
	return cmd
}

// printRunSummary prints what a run's warehouse shows: the headline KPIs,
// the reviews that could not be assessed, and the account of every row.
func printRunSummary(ctx context.Context, w io.Writer, db *sql.DB, cfg *config.Config) error {
	headlines, err := publish.Headlines(ctx, db, cfg.Reporting.HeadlineKPIs)
	if err != nil {
		return err
	}
	printHeadlines(w, headlines)
	if len(headlines) > 0 {
		n, err := publish.NotAssessableReviews(ctx, db, headlines[0].Year)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(w, "\n%s\n", publish.NotAssessableSentence(n))
		}
	}
	account, err := publish.ReadRowAccount(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s\n", account)
	return nil
}

func printHeadlines(w io.Writer, hs []publish.Headline) {
	if len(hs) == 0 {
		fmt.Fprintln(w, "No complete reporting year in the data yet.")
		return
	}
	fmt.Fprintf(w, "Headline KPIs, %s\n\n", hs[0].Year)
	rows := make([][]string, len(hs))
	for i, h := range hs {
		if h.Unavailable != "" {
			rows[i] = []string{h.Name, "not available", h.Unavailable, "", "", "", ""}
			continue
		}
		rows[i] = []string{h.Name, kpiValue(h.Value, h.Unit), number(h.Numerator) + " / " + number(h.Denominator),
			kpiValue(h.Previous, h.Unit), kpiValue(h.Target, h.Unit), h.Better, h.RAG.String}
	}
	printTable(w, []string{"KPI", "value", "n / N", "last year", "target", "better", "RAG"}, rows)
}

// kpiValue shows a KPI value in its unit (marts.kpi_definitions.unit).
func kpiValue(v sql.NullFloat64, unit string) string {
	if !v.Valid {
		return "–"
	}
	switch unit {
	case "per_100":
		return fmt.Sprintf("%.1f per 100", 100*v.Float64)
	case "days":
		return fmt.Sprintf("%.0f days", v.Float64)
	case "ratio":
		return fmt.Sprintf("%.1f", v.Float64)
	default:
		return fmt.Sprintf("%.1f%%", 100*v.Float64)
	}
}

// number prints a count without a decimal point, and a fractional figure
// (such as FTE) with its decimals.
func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
