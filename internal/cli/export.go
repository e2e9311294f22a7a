package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"carewh/config"
	"carewh/pipelines"
	"carewh/publish"
	"carewh/publish/tracker"
)

func newExportCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the permanence tracker or the marts as files for people and BI tools",
		Long: `Write outputs from the warehouse (opened read-only) by hand. After each run,
carewh writes them itself when the config's exports section asks.`,
	}
	cmd.AddCommand(newExportTrackerCmd(e), newExportMartsCmd(e))
	return cmd
}

func newExportTrackerCmd(e *env) *cobra.Command {
	var configPath, format, out string
	var filter tracker.Filter
	var sheetPerTeam bool
	cmd := &cobra.Command{
		Use:   "tracker [--format xlsx|csv|parquet] [--team T] [--iro I] [--sheet-per-team] [--out FILE]",
		Short: "Write the permanence tracker: one row per child looked after",
		Long: `Write the permanence tracker (marts.permanence_tracker), one row per child
looked after on the run's as-at date, with plain-English column headings,
red first. XLSX has the header row frozen, filters on, RAG cells coloured
and an About sheet explaining every column and the RAG rules.

--team and --iro keep one team's or one IRO's children (the team's name and
the IRO's pseudonym as the tracker shows them). --format defaults to the
--out file's extension, else xlsx; --out defaults to
permanence-tracker.<format> in the current folder ("-" writes to stdout).`,
		Example: `  carewh export tracker
  carewh export tracker --team North --out north-tracker.xlsx
  carewh export tracker --sheet-per-team --out tracker.xlsx
  carewh export tracker --format csv --out -`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format == "" {
				format = "xlsx"
				if ext := strings.TrimPrefix(filepath.Ext(out), "."); slices.Contains(tracker.Formats, ext) {
					format = ext
				}
			}
			opts := tracker.Options{Format: format, Filter: filter, SheetPerTeam: sheetPerTeam}
			if err := opts.Check(); err != nil {
				return usageError{err}
			}
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			if out == "" {
				out = "permanence-tracker." + format
			}
			if out == "-" && format != "parquet" {
				db, err := pipelines.OpenWarehouse(cfg)
				if err != nil {
					return err
				}
				defer db.Close()
				_, err = tracker.Write(cmd.Context(), db, e.stdout, opts)
				return err
			}
			if out == "-" {
				// DuckDB writes Parquet to a file: write one in a
				// private folder, then copy it out.
				dir, err := os.MkdirTemp("", "carewh-tracker-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				path := filepath.Join(dir, "tracker.parquet")
				if _, err := writeTrackerFile(cmd.Context(), cfg, path, opts); err != nil {
					return err
				}
				return copyFileTo(e.stdout, path)
			}
			t, err := writeTrackerFile(cmd.Context(), cfg, out, opts)
			if err != nil {
				return err
			}
			e.logger.InfoContext(cmd.Context(), "tracker written", "file", out, "rows", len(t.Rows),
				"as_at", t.AsAt.Format("2006-01-02"))
			return nil
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "config file (default: the built-in demo config)")
	cmd.Flags().StringVar(&format, "format", "", "xlsx, csv or parquet (default: from --out, else xlsx)")
	cmd.Flags().StringVar(&filter.Team, "team", "", "only this team's children")
	cmd.Flags().StringVar(&filter.IRO, "iro", "", "only this IRO's children (the IRO's pseudonym)")
	cmd.Flags().BoolVar(&sheetPerTeam, "sheet-per-team", false, "xlsx: a sheet per team after the sheet of all children")
	cmd.Flags().StringVar(&out, "out", "", `file to write ("-" for stdout)`)
	return cmd
}

func newExportMartsCmd(e *env) *cobra.Command {
	var configPath string
	cmd := &cobra.Command{
		Use:   "marts",
		Short: "Write every mart as Parquet under exports/marts/",
		Long: `Write every table of the warehouse's marts schema as a Parquet file,
<exports.dir>/marts/<mart>.parquet (default carewh-data/exports/marts), each
replaced atomically, so Power BI, Tableau or DuckDB can read the figures
without opening the warehouse. Runs do this themselves when exports.marts is
true (the default).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			files, err := publish.ExportMarts(cmd.Context(), cfg, e.logger)
			if err != nil {
				return err
			}
			for _, f := range files {
				fmt.Fprintf(e.stdout, "%s\t%d rows\n", f.Path, f.Rows)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "config file (default: the built-in demo config)")
	return cmd
}

// writeTrackerFile writes the tracker to path. Only Parquet is written by
// DuckDB (COPY), so only then may the connection write files, and only in
// path's folder.
func writeTrackerFile(ctx context.Context, cfg *config.Config, path string, opts tracker.Options) (*tracker.Table, error) {
	var writable []string
	if opts.Format == "parquet" {
		writable = append(writable, filepath.Dir(path))
	}
	db, err := pipelines.OpenWarehouseWriting(cfg, writable...)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return tracker.WriteFile(ctx, db, path, opts)
}

// copyFileTo copies the file at path to w.
func copyFileTo(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}
