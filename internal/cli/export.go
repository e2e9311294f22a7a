package cli

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"carewh/config"
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

// exportTrackerLong is export tracker's help.
const exportTrackerLong = `Write the permanence tracker (marts.permanence_tracker), one row per child
looked after on the run's as-at date, with plain-English column headings,
red first. XLSX has the header row frozen, filters on, RAG cells coloured
and an About sheet explaining every column and the RAG rules.

--team and --iro keep one team's or one IRO's children (the team's name and
the IRO's pseudonym as the tracker shows them). --format defaults to the
--out file's extension, else xlsx; --out defaults to
permanence-tracker.<format> in the current folder ("-" writes to stdout).

--identify adds, for staff allowed to see them, the case system's child id,
the child's name and the IRO's and social worker's names, read from the
configured source now and matched by recomputing pseudonyms with the lake's
key (without it the export refuses); the lake and warehouse never hold
them. The file (xlsx or csv, default permanence-tracker-identified.xlsx)
carries the marking "OFFICIAL-SENSITIVE: personal data of children in care",
and the export is logged in the data folder's disclosure log
(ops.disclosures after the next run; carewh disclosures at once).`

func newExportTrackerCmd(e *env) *cobra.Command {
	var configPath, format, out string
	var filter tracker.Filter
	var sheetPerTeam, identified bool
	cmd := &cobra.Command{
		Use:   "tracker [--format xlsx|csv|parquet] [--team T] [--iro I] [--sheet-per-team] [--identify] [--out FILE]",
		Short: "Write the permanence tracker: one row per child looked after",
		Long:  exportTrackerLong,
		Example: `  carewh export tracker
  carewh export tracker --team North --out north-tracker.xlsx
  carewh export tracker --sheet-per-team --out tracker.xlsx
  carewh export tracker --format csv --out -
  carewh export tracker --identify --team North --out north-named.xlsx`,
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
			if identified {
				if out == "" {
					out = "permanence-tracker-identified." + format
				}
				return exportTrackerIdentified(cmd.Context(), e, cfg, opts, out)
			}
			if out == "" {
				out = "permanence-tracker." + format
			}
			if out == "-" && format != "parquet" {
				return withWarehouse(cfg, nil, func(db *sql.DB) error {
					_, err := tracker.Write(cmd.Context(), db, e.stdout, opts)
					return err
				})
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
	cmd.Flags().BoolVar(&identified, "identify", false, identifyHelp)
	return cmd
}

func newExportMartsCmd(e *env) *cobra.Command {
	var configPath, mart, format, out string
	var identified bool
	cmd := &cobra.Command{
		Use:   "marts [--identify --mart M [--format xlsx|csv] [--out FILE]]",
		Short: "Write every mart as Parquet under exports/marts/, or one mart of children with them named",
		Long: `Write every table of the warehouse's marts schema as a Parquet file,
<exports.dir>/marts/<mart>.parquet (default carewh-data/exports/marts), each
replaced atomically, so Power BI, Tableau or DuckDB can read the figures
without opening the warehouse. Runs do this themselves when exports.marts is
true (the default).

--identify --mart M writes one mart where a row is a child (one with a
person_id column, such as lac_reviews_overdue) to --out (xlsx or csv,
default <mart>-identified.xlsx; "-" for stdout), with the case system's
child id, the child's name, and the IRO's and social worker's names where
the mart has them, read from the source now with the lake's key. The file is
marked OFFICIAL-SENSITIVE and the export is logged in the disclosure log.`,
		Example: `  carewh export marts
  carewh export marts --identify --mart lac_reviews_overdue --out overdue-named.xlsx`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !identified && (mart != "" || format != "" || out != "") {
				return usageError{fmt.Errorf("--mart, --format and --out go with --identify: without it every mart is written as Parquet")}
			}
			if identified && mart == "" {
				return usageError{fmt.Errorf("--identify needs --mart: the mart of children to name")}
			}
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			if identified {
				mart = strings.TrimPrefix(mart, "marts.")
				if format == "" {
					format = "xlsx"
					if ext := strings.TrimPrefix(filepath.Ext(out), "."); ext != "" {
						format = ext
					}
				}
				if out == "" {
					out = mart + "-identified." + format
				}
				return exportMartIdentified(cmd.Context(), e, cfg, mart, format, out)
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
	cmd.Flags().BoolVar(&identified, "identify", false, identifyHelp)
	cmd.Flags().StringVar(&mart, "mart", "", "with --identify: the mart of children to write (e.g. lac_reviews_overdue)")
	cmd.Flags().StringVar(&format, "format", "", "with --identify: xlsx or csv (default: from --out, else xlsx)")
	cmd.Flags().StringVar(&out, "out", "", `with --identify: the file to write ("-" for stdout)`)
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
	var t *tracker.Table
	err := withWarehouse(cfg, writable, func(db *sql.DB) (err error) {
		t, err = tracker.WriteFile(ctx, db, path, opts)
		return err
	})
	return t, err
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
