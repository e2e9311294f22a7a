package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"carewh/pipelines"
	"carewh/pipelines/lake"
	"carewh/publish"
	sqlfiles "carewh/sql"
)

func newRekeyCmd(e *env) *cobra.Command {
	var configPath string
	var lockWait time.Duration
	var acceptUnmapped []string
	var noRun bool
	cmd := &cobra.Command{
		Use:   "rekey",
		Short: "Re-pseudonymise the lake and its history under a new HMAC key, then rebuild the warehouse",
		Long: `Change the pseudonymisation key deliberately (it leaked, or policy says to
rotate it): every child, worker and record keeps its whole history under its
new pseudonym. A run under a key other than the lake's is refused; this is the
way to change it.

The new key comes from CAREWH_HMAC_KEY (or CAREWH_HMAC_KEY_FILE), the key the
lake was built with from CAREWH_OLD_HMAC_KEY (or CAREWH_OLD_HMAC_KEY_FILE;
for the demo config, its key file, which then gets the new key).

carewh reads the source once under both keys to learn each old pseudonym's
new one (no id is written anywhere), writes the whole lake again beside the
old one, swaps it in and removes the old, then runs the pipeline under the new
key, which rebuilds the warehouse and should find no change. A pseudonym in
the history that today's source no longer gives (a child since deleted from
the case system) gets a new pseudonym made from the old one under the new
key: its history still links up, but no later run can match it. If the source
no longer gives more of the last run's keys than publish_guard.max_row_loss
allows, the rekey is refused as a likely truncated extract unless
--accept-unmapped names the table. A crash at any point leaves the lake
whole under one key or the other.`,
		Example: `  CAREWH_OLD_HMAC_KEY_FILE=/etc/carewh/old.key CAREWH_HMAC_KEY_FILE=/etc/carewh/hmac.key carewh rekey --config carewh.yaml`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			if err := pipelines.CheckAcceptShrink(acceptUnmapped); err != nil {
				return usageError{err}
			}
			if !cmd.Flags().Changed("lock-wait") {
				lockWait = cfg.Serve.LockWaitDuration()
			}
			runner := &pipelines.Runner{Config: cfg, Log: e.logger, Models: sqlfiles.Files, Getenv: e.getenv, LockWait: lockWait,
				AcceptUnmapped: acceptUnmapped, Trigger: lake.TriggerRekey}
			report, err := runner.Rekey(cmd.Context())
			if err != nil {
				return fmt.Errorf("rekey: %w", err)
			}
			fmt.Fprintf(e.stdout, "lake rekeyed: %d files and %d run manifests rewritten; %d pseudonyms mapped from the source, %d orphans (no longer in the source)\n",
				report.Files, report.Manifests, report.Mapped, report.Orphans)
			if noRun {
				fmt.Fprintln(e.stdout, "the warehouse still holds the old pseudonyms: the next carewh run rebuilds it")
				return nil
			}
			m, err := runner.Run(cmd.Context())
			if err != nil {
				return fmt.Errorf("the lake is rekeyed, but the run rebuilding the warehouse (%s) %s: %w; the next run rebuilds it", m.RunID, m.Status, err)
			}
			if err := publish.AfterRun(cmd.Context(), cfg, e.logger); err != nil {
				return fmt.Errorf("run %s rebuilt the warehouse but writing its exports failed: %w", m.RunID, err)
			}
			var changed int64
			for _, t := range m.Tables {
				changed += t.Inserted + t.Updated + t.Deleted
			}
			fmt.Fprintf(e.stdout, "warehouse rebuilt under the new key: run %s, %d rows changed in the source since the last run\n", m.RunID, changed)
			return nil
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "config file (default: the built-in demo config)")
	cmd.Flags().StringArrayVar(&acceptUnmapped, "accept-unmapped", nil,
		"rekey although today's source no longer gives more of TABLE's keys than publish_guard allows (repeatable; \"all\" for every table)")
	cmd.Flags().BoolVar(&noRun, "no-run", false, "rekey the lake only; the next carewh run rebuilds the warehouse")
	cmd.Flags().DurationVar(&lockWait, "lock-wait", 0, "how long to wait while another run (carewh serve) writes the data folder (default serve.lock_wait)")
	return cmd
}
