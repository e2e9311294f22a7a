package cli

import (
	"carewh/pipelines/warehouse"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"
)

func newDisclosuresCmd(e *env) *cobra.Command {
	var configPath string
	var asCSV bool
	cmd := &cobra.Command{
		Use:   "disclosures [--csv]",
		Short: "List every export that named children (--identify): who, when, what, how many rows, where",
		Long: `List the data folder's disclosure log (disclosures.jsonl): one line per
export made with --identify, oldest first. Each warehouse build loads the
same log into ops.disclosures; this reads it at once, without a run.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			path := warehouse.DisclosureLogPath(cfg)
			ds, bad, err := warehouse.ReadDisclosures(path)
			if err != nil {
				return err
			}
			if bad > 0 {
				e.logger.Warn("disclosure log lines that are not records", "path", path, "lines", bad)
			}
			header := []string{"disclosed_at", "os_user", "host", "export", "filter", "format", "rows", "children", "staff", "destination", "run_id"}
			var rows [][]string
			for _, d := range ds {
				user := d.User
				if d.SudoUser != "" {
					user += " (sudo by " + d.SudoUser + ")"
				}
				rows = append(rows, []string{d.At.Local().Format(time.RFC3339), user, d.Host, d.Export, d.Filter, d.Format,
					strconv.Itoa(d.Rows), strconv.Itoa(d.Children), strconv.Itoa(d.Staff), d.Destination, d.RunID})
			}
			if asCSV {
				return writeCSV(e.stdout, header, rows)
			}
			if len(rows) == 0 {
				fmt.Fprintf(e.stdout, "no identified exports recorded in %s\n", path)
				return nil
			}
			printTable(e.stdout, header, rows)
			return nil
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "config file (default: the built-in demo config)")
	cmd.Flags().BoolVar(&asCSV, "csv", false, "write CSV")
	return cmd
}
