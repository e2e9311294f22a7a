package cli

import (
	"bytes"
	"database/sql"

	"github.com/spf13/cobra"

	"carewh/internal/atomicfile"
	"carewh/publish/report"
)

func newReportCmd(e *env) *cobra.Command {
	var configPath, year, out string
	cmd := &cobra.Command{
		Use:   "report [--year 2025-26] [--out FILE]",
		Short: "Write the IRO service's annual report to the board as one HTML file",
		Long: `Write the IRO service's annual report for a reporting year as one
self-contained HTML file: an executive summary written from the figures, every
KPI with last year's value, its target and RAG rating, charts, and the
definitions. It fetches nothing (no script, fonts or images from elsewhere),
so it can be emailed, read offline and printed to PDF from a browser.

Numbers below report.suppress_below (default 5) are shown as "*", with any
percentage worked out from them, as published statistics do.

The year defaults to the latest complete reporting year; --out defaults to
iro-annual-report-<year>.html in the current folder ("-" writes to stdout).`,
		Example: `  carewh report
  carewh report --year 2024-25 --out board/iro-report-2024-25.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			var r *report.Report
			err = withWarehouse(cfg, nil, func(db *sql.DB) (err error) {
				opts := report.OptionsFromConfig(cfg)
				opts.Year = year
				r, err = report.Build(cmd.Context(), db, opts)
				return err
			})
			if err != nil {
				return err
			}
			var page bytes.Buffer
			if err := r.Render(&page); err != nil {
				return err
			}
			if out == "-" {
				_, err := e.stdout.Write(page.Bytes())
				return err
			}
			if out == "" {
				out = "iro-annual-report-" + r.Year + ".html"
			}
			if err := atomicfile.WriteBytes(out, page.Bytes()); err != nil {
				return err
			}
			e.logger.InfoContext(cmd.Context(), "report written", "file", out, "year", r.Year, "suppressed", len(r.Suppressed))
			return nil
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "config file (default: the built-in demo config)")
	cmd.Flags().StringVar(&year, "year", "", "reporting year, e.g. 2025-26 (default: the latest complete one)")
	cmd.Flags().StringVar(&out, "out", "", `file to write ("-" for stdout; default iro-annual-report-<year>.html)`)
	return cmd
}
