package cli

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"carewh/pipelines/extract/synthetic"
)

func newGenerateCmd(e *env) *cobra.Command {
	var out, asOf string
	var seed int64
	var scale int
	cmd := &cobra.Command{
		Use:   "generate --out DIR",
		Short: "Write a synthetic case system as SSD CSV exports",
		Long: `Write a deterministic synthetic case system: one CSV per Standard Safeguarding
Dataset table (ssd_person.csv, ssd_cla_episodes.csv, ...) plus the local IRO
forms, for a council of about 2,000 looked-after children per --scale, with
six years of history up to --as-of and about 1% of rows carrying the faults
real extracts have. The same seed gives the same bytes.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usageError{fmt.Errorf("--out is required")}
			}
			day := time.Now().UTC().Truncate(24 * time.Hour)
			if asOf != "" {
				var err error
				if day, err = time.Parse(time.DateOnly, asOf); err != nil {
					return usageError{fmt.Errorf("--as-of: %q is not YYYY-MM-DD", asOf)}
				}
			}
			if scale < 1 {
				return usageError{fmt.Errorf("--scale must be at least 1")}
			}
			start := time.Now()
			sum, err := synthetic.WriteDir(cmd.Context(), out, synthetic.Options{Seed: seed, Scale: scale, AsOf: day})
			if err != nil {
				return fmt.Errorf("generating: %w", err)
			}
			rows := make([][]string, 0, len(sum.Rows))
			for _, name := range slices.Sorted(maps.Keys(sum.Rows)) {
				rows = append(rows, []string{name + ".csv", fmt.Sprint(sum.Rows[name])})
			}
			printTable(e.stdout, []string{"file", "rows"}, rows)
			var faults int64
			for _, n := range sum.Faults {
				faults += n
			}
			fmt.Fprintf(e.stdout, "\n%d faulty rows injected; written to %s in %.1fs\n", faults, out, time.Since(start).Seconds())
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "folder to write the CSV files to")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed")
	cmd.Flags().IntVar(&scale, "scale", 1, "number of councils")
	cmd.Flags().StringVar(&asOf, "as-of", "", "last day of history (default today)")
	return cmd
}
