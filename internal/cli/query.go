package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"carewh/pipelines"
)

func newQueryCmd(e *env) *cobra.Command {
	var configPath string
	var asCSV bool
	cmd := &cobra.Command{
		Use:   "query SQL",
		Short: "Run read-only SQL against the warehouse and print the result",
		Example: `  carewh query "SELECT * FROM marts.board_kpis WHERE year_complete ORDER BY reporting_year DESC, sort_order LIMIT 6"
  carewh query --csv "SELECT * FROM marts.lac_reviews_overdue WHERE overdue" > overdue.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			db, err := pipelines.OpenWarehouse(cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			rows, err := db.QueryContext(cmd.Context(), args[0])
			if err != nil {
				return fmt.Errorf("query: %w", err)
			}
			defer rows.Close()
			header, out, err := readRows(rows)
			if err != nil {
				return fmt.Errorf("query: %w", err)
			}
			if asCSV {
				return writeCSV(e.stdout, header, out)
			}
			printTable(e.stdout, header, out)
			fmt.Fprintf(e.stdout, "(%d rows)\n", len(out))
			return nil
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "config file (default: the built-in demo config)")
	cmd.Flags().BoolVar(&asCSV, "csv", false, "print CSV instead of a table")
	return cmd
}
