package cli

import (
	"fmt"
	"maps"
	"net/url"
	"os"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"carewh/pipelines/extract/ssddb"
	"carewh/pipelines/extract/synthetic"
)

func newGenerateCmd(e *env) *cobra.Command {
	var out, to, schema, asOf, format string
	var seed int64
	var scale, year int
	cmd := &cobra.Command{
		Use:   "generate (--out DIR | --to postgres://...)",
		Short: "Write a synthetic case system as SSD CSV exports, or load it into PostgreSQL",
		Long: `Write a deterministic synthetic case system: one CSV per Standard Safeguarding
Dataset table (ssd_person.csv, ssd_cla_episodes.csv, ...) plus the local IRO
forms, for a council of about 2,000 looked-after children per --scale, with
six years of history up to --as-of and about 1% of rows carrying the faults
real extracts have. The same seed gives the same bytes.

With --to, the case system is loaded into a PostgreSQL database instead (or
as well, with --out): one table per file (ssd_person, ...) in --schema,
created if missing, replacing tables of the same names, so that the ssddb
source can read it. The password comes from CAREWH_SOURCE_PASSWORD or the
file CAREWH_SOURCE_PASSWORD_FILE names, as for the ssddb source.

With --format ssda903, the same council's DfE SSDA903 return for one
collection year is written instead, into --out/<year>/ (header.csv,
episodes.csv, reviews.csv, ad1.csv, placed_adoption.csv), as the ssda903
source reads it: --year 2024 is the return for 1 April 2023 - 31 March 2024
(default: the latest year ended by today). Children already looked after on
1 April are listed from their real earlier episode, as in a real return.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runGenerate(cmd, e, generateFlags{out: out, to: to, schema: schema, asOf: asOf, format: format, seed: seed, scale: scale, year: year})

		},
	}
	cmd.Flags().StringVar(&out, "out", "", "folder to write the CSV files to")
	cmd.Flags().StringVar(&to, "to", "", "PostgreSQL database to load the tables into (postgres://user@host:port/db)")
	cmd.Flags().StringVar(&schema, "schema", "public", "schema to create the tables in, with --to")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed")
	cmd.Flags().IntVar(&scale, "scale", 1, "number of councils")
	cmd.Flags().StringVar(&asOf, "as-of", "", "last day of history (default today)")
	cmd.Flags().StringVar(&format, "format", "ssd", "ssd (SSD CSV exports) or ssda903 (one year's DfE SSDA903 return)")
	cmd.Flags().IntVar(&year, "year", 0, "with --format ssda903, the collection year: 2024 is 1 April 2023 - 31 March 2024")
	return cmd
}

// generateFlags are generate's flags.
type generateFlags struct {
	out, to, schema, asOf, format string
	seed                          int64
	scale, year                   int
}

// runGenerate writes the synthetic case system as the flags ask.
func runGenerate(cmd *cobra.Command, e *env, f generateFlags) error {
	if f.out == "" && f.to == "" {
		return usageError{fmt.Errorf("--out or --to is required")}
	}
	switch f.format {
	case "ssd":
		if cmd.Flags().Changed("year") {
			return usageError{fmt.Errorf("--year needs --format ssda903")}
		}
	case "ssda903":
		return generateSSDA903(cmd, e, f.out, f.to, f.asOf, f.seed, f.scale, f.year)
	default:
		return usageError{fmt.Errorf("--format must be ssd or ssda903, got %q", f.format)}
	}
	if f.to == "" && cmd.Flags().Changed("schema") {
		return usageError{fmt.Errorf("--schema needs --to")}
	}
	if f.to != "" {
		u, err := url.Parse(f.to)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return usageError{fmt.Errorf("--to must be a postgres:// URL, got %q", f.to)}
		}
	}
	day := time.Now().UTC().Truncate(24 * time.Hour)
	if f.asOf != "" {
		var err error
		if day, err = time.Parse(time.DateOnly, f.asOf); err != nil {
			return usageError{fmt.Errorf("--as-of: %q is not YYYY-MM-DD", f.asOf)}
		}
	}
	if f.scale < 1 {
		return usageError{fmt.Errorf("--scale must be at least 1")}
	}
	dir := f.out
	if dir == "" {
		tmp, err := os.MkdirTemp("", "carewh-generate-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	start := time.Now()
	sum, err := synthetic.WriteDir(cmd.Context(), dir, synthetic.Options{Seed: f.seed, Scale: f.scale, AsOf: day})
	if err != nil {
		return fmt.Errorf("generating: %w", err)
	}
	var faults int64
	for _, n := range sum.Faults {
		faults += n
	}
	if f.to == "" {
		rows := make([][]string, 0, len(sum.Rows))
		for _, name := range slices.Sorted(maps.Keys(sum.Rows)) {
			rows = append(rows, []string{name + ".csv", fmt.Sprint(sum.Rows[name])})
		}
		printTable(e.stdout, []string{"file", "rows"}, rows)
		fmt.Fprintf(e.stdout, "\n%d faulty rows injected; written to %s in %.1fs\n", faults, f.out, time.Since(start).Seconds())
		return nil
	}
	password, err := ssddb.PasswordFromEnv(e.getenv)
	if err != nil {
		return err
	}
	loaded, err := ssddb.LoadPostgres(cmd.Context(), f.to, password, f.schema, dir)
	if err != nil {
		return fmt.Errorf("loading into PostgreSQL: %w", err)
	}
	rows := make([][]string, 0, len(loaded))
	for _, t := range loaded {
		rows = append(rows, []string{f.schema + "." + t.Table, fmt.Sprint(t.Rows)})
	}
	printTable(e.stdout, []string{"table", "rows"}, rows)
	where := "loaded into " + redact(f.to)
	if f.out != "" {
		where = "written to " + f.out + " and " + where
	}
	fmt.Fprintf(e.stdout, "\n%d faulty rows injected; %s in %.1fs\n", faults, where, time.Since(start).Seconds())
	return nil
}

// generateSSDA903 writes one collection year's SSDA903 return.
func generateSSDA903(cmd *cobra.Command, e *env, out, to, asOf string, seed int64, scale, year int) error {
	switch {
	case to != "":
		return usageError{fmt.Errorf("--to needs --format ssd: an SSDA903 return is CSV files")}
	case out == "":
		return usageError{fmt.Errorf("--out is required with --format ssda903")}
	case asOf != "":
		return usageError{fmt.Errorf("--as-of does not apply to --format ssda903: the return is as at 31 March of --year")}
	case scale < 1:
		return usageError{fmt.Errorf("--scale must be at least 1")}
	}
	if year == 0 {
		now := time.Now().UTC()
		year = now.Year()
		if now.Month() < time.April {
			year--
		}
	}
	if year < 2000 || year > 2100 {
		return usageError{fmt.Errorf("--year: %d is not a collection year like 2024", year)}
	}
	start := time.Now()
	sum, err := synthetic.WriteSSDA903(cmd.Context(), out, synthetic.Options{Seed: seed, Scale: scale}, year)
	if err != nil {
		return fmt.Errorf("generating: %w", err)
	}
	rows := make([][]string, 0, len(sum.Rows))
	for _, name := range slices.Sorted(maps.Keys(sum.Rows)) {
		rows = append(rows, []string{fmt.Sprintf("%d/%s.csv", year, name), fmt.Sprint(sum.Rows[name])})
	}
	printTable(e.stdout, []string{"file", "rows"}, rows)
	fmt.Fprintf(e.stdout, "\nSSDA903 return %d-%02d with %d conflicting rows; written to %s in %.1fs\n",
		year-1, year%100, sum.TotalFaults(), out, time.Since(start).Seconds())
	return nil
}

// redact shows a database URL without its password, if it has one.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the database"
	}
	return u.Redacted()
}
