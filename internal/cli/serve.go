package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"carewh/pipelines/lake"
	"carewh/pipelines/schedule"
	"carewh/publish"
	"carewh/publish/pgwire"
	sqlfiles "carewh/sql"
)

func newServeCmd(e *env) *cobra.Command {
	var configPath string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the configured pipelines on their schedules, with health, metrics and run history over HTTP",
		Long: `Run each pipeline of the config's pipelines: list on its cron schedule
(Europe/London unless it names another time zone), until SIGINT or SIGTERM.

A pipeline never overlaps itself: a tick that comes while it still runs is
skipped and recorded. Transient source errors are retried with backoff
(retry:). On start, a pipeline that missed its previous scheduled run runs
once, straight away. Every run, skipped and failed ones too, is recorded in
lake/_runs and, from the next warehouse build, in ops.runs. One process at a
time writes the data folder: 'carewh run' waits for serve, and serve for it.

On SIGTERM serve stops scheduling, lets a running pipeline finish within
serve.grace_period, then cancels it (the previous warehouse stays), and
exits 0.

HTTP, on serve.listen (loopback only):
  GET  /healthz           200 if every pipeline's last run succeeded within its freshness, else 503 and why
                          (a run held by publish_guard names each table that shrank)
  GET  /metrics           Prometheus metrics
  GET  /runs              recent runs as JSON (?limit=50&pipeline=NAME&status=failed)
  POST /runs/{pipeline}   run a pipeline now (409 if it is running, counted in /metrics, not recorded);
                          the Host header must name this server (421) and, with serve.token_file,
                          the request must carry "Authorization: Bearer <token>" (401)

PostgreSQL protocol, on serve.sql.listen when set: a read-only SQL endpoint
over the current warehouse for BI tools' PostgreSQL connectors (users:
carewh users add NAME; TLS required off loopback). Each user reads marts
(and core or ops if granted); writes, files and settings are refused.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if configPath == "" {
				return usageError{errors.New("serve needs --config, a file with a pipelines: list (see config/carewh.example.yaml)")}
			}
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			warnOpenDataDir(cmd.Context(), e.logger, cfg.DataDir)
			opts := schedule.Options{Config: cfg, Log: e.logger, Models: sqlfiles.Files, Getenv: e.getenv,
				AfterRun: func(ctx context.Context, _ lake.Manifest) error { return publish.AfterRun(ctx, cfg, e.logger) }}
			var endpoint *pgwire.Server
			if cfg.Serve.SQL.Enabled() {
				if endpoint, err = pgwire.New(cfg, buildVersion(), e.logger); err != nil {
					return err
				}
				opts.Collectors = endpoint.Collectors()
			}
			d, err := schedule.New(opts)
			if err != nil {
				return err
			}
			if endpoint == nil {
				return d.Run(cmd.Context())
			}
			ctx, stop := context.WithCancel(cmd.Context())
			defer stop()
			sqlDone := make(chan error, 1)
			go func() {
				err := endpoint.Run(ctx)
				if err != nil {
					stop() // the scheduler stops too: serve was asked for both
				}
				sqlDone <- err
			}()
			err = d.Run(ctx)
			stop()
			return errors.Join(err, <-sqlDone)
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "config file with the pipelines to schedule (required)")
	return cmd
}
