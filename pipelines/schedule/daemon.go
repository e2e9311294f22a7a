package schedule

import (
	"context"
	"errors"
	"fmt"
	"github.com/prometheus/client_golang/prometheus"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"carewh/config"
	"carewh/pipelines"
	"carewh/pipelines/lake"
)

// Request is one attempt at running a pipeline.
type Request struct {
	Pipeline    string
	Trigger     string    // lake.TriggerScheduled, TriggerCatchUp, TriggerManual or TriggerRetry
	ScheduledAt time.Time // the tick the run is for; zero for a manual run
	Attempt     int       // 1 for the first
}

// RunFunc runs a pipeline once and returns its manifest, which it has
// written to the ledger.
type RunFunc func(ctx context.Context, req Request) (lake.Manifest, error)

// Options configure a Daemon. Config is required; the rest have defaults.
type Options struct {
	Config *config.Config
	Log    *slog.Logger
	// Models are the SQL models runs build (sql.Files), and Getenv reads
	// the HMAC key and source password: both go to the default Run.
	Models fs.FS
	Getenv func(string) string
	// Run runs one attempt; by default a pipelines.Runner.
	Run RunFunc
	// AfterRun, when set, follows every successful default Run: it
	// publishes the outputs (mart exports, tracker feed). Its failure is
	// logged; the run, whose warehouse is sound, stays succeeded.
	AfterRun func(ctx context.Context, m lake.Manifest) error
	// Now is the clock for catch-up, freshness and the ledger.
	Now func() time.Time
	// Parser parses schedules (with their CRON_TZ prefix); by default
	// standard 5-field specs and descriptors. Tests pass one with seconds.
	Parser cron.ScheduleParser
	// Listener serves HTTP; by default one on Config.Serve.Listen.
	Listener net.Listener
	// Collectors are more metrics for /metrics (the SQL endpoint's).
	Collectors []prometheus.Collector
}

// Daemon runs pipelines on their schedules; see the package doc.
type Daemon struct {
	cfg     *config.Config
	log     *slog.Logger
	run     RunFunc
	now     func() time.Time
	lake    lake.Lake
	pipes   []*pipeline
	byName  map[string]*pipeline
	cron    *cron.Cron
	metrics *metrics
	ln      net.Listener
	hosts   map[string]bool // Host headers a POST may carry (allowedHosts)
	token   []byte          // the bearer token a POST must carry, if serve.token_file is set

	// writer lets one run at a time in this process write the lake and
	// the warehouse; a pipeline that falls due while another runs waits.
	writer chan struct{}
	// runCtx is every run's context: cancelled when the grace period ends.
	runCtx     context.Context
	cancelRuns context.CancelFunc

	mu       sync.Mutex
	stopping chan struct{}  // closed when shutdown begins
	stopped  bool           // under mu: no new run may start
	runs     sync.WaitGroup // runs started outside cron (catch-up, HTTP)
}

// New checks the config's pipelines and builds a daemon; Run starts it.
func New(o Options) (*Daemon, error) {
	if o.Config == nil {
		return nil, errors.New("schedule: no config")
	}
	if len(o.Config.Pipelines) == 0 {
		return nil, errors.New("no pipelines configured: serve needs a pipelines: list (see config/carewh.example.yaml)")
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Parser == nil {
		o.Parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	}
	d := &Daemon{
		cfg: o.Config, log: o.Log, run: o.Run, now: o.Now, lake: lake.Lake{Root: o.Config.LakeDir()},
		byName: map[string]*pipeline{}, ln: o.Listener,
		writer: make(chan struct{}, 1), stopping: make(chan struct{}),
	}
	if d.run == nil {
		d.run = runnerFunc(o)
	}
	token, err := readToken(o.Config.Serve.TokenFile)
	if err != nil {
		return nil, err
	}
	d.token = token
	var errs []error
	for i, pc := range o.Config.Pipelines {
		s, err := o.Parser.Parse(pc.CronSpec())
		if err != nil {
			errs = append(errs, fmt.Errorf("pipelines[%d].schedule: %w", i, err))
			continue
		}
		p := &pipeline{cfg: pc, schedule: s}
		d.pipes = append(d.pipes, p)
		d.byName[pc.Name] = p
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := d.loadState(); err != nil {
		return nil, err
	}
	d.metrics = newMetrics(d, o.Collectors)
	d.cron = d.newCron()
	return d, nil
}

// runnerFunc runs attempts with a pipelines.Runner.
func runnerFunc(o Options) RunFunc {
	return func(ctx context.Context, req Request) (lake.Manifest, error) {
		r := &pipelines.Runner{Config: o.Config, Log: o.Log, Models: o.Models, Getenv: o.Getenv, Now: o.Now,
			Pipeline: req.Pipeline, Trigger: req.Trigger, ScheduledAt: req.ScheduledAt, Attempt: req.Attempt,
			LockWait: o.Config.Serve.LockWaitDuration()}
		m, err := r.Run(ctx)
		if err == nil && o.AfterRun != nil {
			if perr := o.AfterRun(ctx, m); perr != nil {
				o.Log.ErrorContext(ctx, "publishing outputs failed", "pipeline", req.Pipeline, "run_id", m.RunID, "error", perr)
			}
		}
		return m, err
	}
}

// Run schedules the pipelines, catches up on missed ones and serves HTTP
// until ctx ends; then it stops gracefully (see the package doc) and
// returns nil. It returns an error if it cannot listen, or (after the
// same graceful stop) if the HTTP server fails.
func (d *Daemon) Run(ctx context.Context) error {
	// Runs outlive ctx by the grace period: shutdown cancels them.
	d.runCtx, d.cancelRuns = context.WithCancel(context.WithoutCancel(ctx))
	defer d.cancelRuns()
	if d.ln == nil {
		ln, err := net.Listen("tcp", d.cfg.Serve.Listen)
		if err != nil {
			return fmt.Errorf("serve.listen: %w", err)
		}
		d.ln = ln
	}
	ln := d.ln
	srv := &http.Server{Handler: d.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	d.log.InfoContext(ctx, "serving HTTP", "addr", ln.Addr().String())

	d.cron.Start()
	d.metrics.scheduling.Set(1)
	for _, p := range d.pipes {
		d.log.InfoContext(ctx, "pipeline scheduled", "pipeline", p.cfg.Name, "schedule", p.cfg.Schedule,
			"time_zone", p.cfg.TimeZone, "next", p.schedule.Next(d.now()).Format(time.RFC3339))
	}
	d.startCatchUp()

	var failed error
	select {
	case <-ctx.Done():
		d.log.InfoContext(context.WithoutCancel(ctx), "stopping: no more runs will start", "cause", context.Cause(ctx))
	case err := <-served:
		failed = fmt.Errorf("serving HTTP on %s: %w", ln.Addr(), err)
		d.log.ErrorContext(ctx, "HTTP server failed; stopping", "error", err)
	}
	d.shutdown()
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(shutCtx)
	d.log.Info("stopped")
	return failed
}

// shutdown stops scheduling, gives running pipelines the grace period,
// then cancels them and waits for them to record their outcome.
func (d *Daemon) shutdown() {
	d.mu.Lock()
	d.stopped = true
	close(d.stopping)
	d.mu.Unlock()
	d.metrics.scheduling.Set(0)
	cronDone := d.cron.Stop()
	done := make(chan struct{})
	go func() {
		<-cronDone.Done()
		d.runs.Wait()
		close(done)
	}()
	grace := d.cfg.Serve.GraceDuration()
	if running := d.runningNames(); len(running) > 0 {
		d.log.Info("waiting for running pipelines to finish", "pipelines", running, "grace_period_seconds", grace.Seconds())
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		d.log.Warn("grace period over: cancelling running pipelines", "pipelines", d.runningNames())
		d.cancelRuns()
		<-done
	}
	d.cancelRuns()
}

// startRun runs f in a goroutine that shutdown waits for, unless shutdown
// has begun; it reports whether f will run.
func (d *Daemon) startRun(f func()) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stopped {
		return false
	}
	d.runs.Add(1)
	go func() {
		defer d.runs.Done()
		cron.Recover(cronLogger{d.log})(cron.FuncJob(f)).Run()
	}()
	return true
}
