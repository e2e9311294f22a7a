// Package pipelines runs carewh's pipeline: extract → transforms → lake →
// warehouse models → checks. Each stage is a package of its own (sources,
// extract, lake, warehouse …); the runner strings them together.
package pipelines

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/config"
	"carewh/internal/sourcefile"
	"carewh/pipelines/extract"
	"carewh/pipelines/key"
	"carewh/pipelines/lake"
	"carewh/pipelines/lock"
	"carewh/pipelines/models"
	"carewh/pipelines/sources"
	"carewh/pipelines/warehouse"
	"carewh/transforms"
	"carewh/transforms/parquet"
)

// Runner runs the pipeline once for a config.
type Runner struct {
	Config   *config.Config
	Log      *slog.Logger
	Models   fs.FS               // the SQL models (sql.Files)
	Getenv   func(string) string // os.Getenv unless a test says otherwise
	Now      func() time.Time    // time.Now unless a test says otherwise
	Mem      memory.Allocator    // memory.DefaultAllocator unless a test checks for leaks
	Pipeline string
	Trigger  string
	// ScheduledAt and Attempt go into the manifest: the cron tick a serve
	// run is for, and which attempt at it this is (1 unless retried).
	ScheduledAt time.Time
	Attempt     int
	// LockWait is how long Run waits for another run holding the data
	// folder's lock before it fails with a *lock.HeldError.
	LockWait time.Duration
	// StageDone, if set, is called as each stage of a run ends: "ingest"
	// (extract, transforms, staged Parquet), "changes" (change detection
	// into the lake) and "warehouse" (models and checks, or the ledger
	// refresh of a run with no changes), with its wall time. carewh bench
	// measures stages with it.
	StageDone func(stage string, elapsed time.Duration)
	// AcceptShrink names the tables (or AcceptAll) whose shrink since the
	// last published run this run publishes although publish_guard would
	// hold it: an operator's word that the source really shrank.
	AcceptShrink []string
	// AcceptUnmapped names the tables (or AcceptAll) for which Rekey goes
	// on although today's source no longer gives more of the keys the last
	// run had than publish_guard.max_row_loss allows.
	AcceptUnmapped []string
	// Full builds the warehouse whole from the lake even when nothing
	// changed or the last warehouse could be brought up to date
	// (carewh run --full).
	Full bool

	afterSwap    func()                 // tests: called as soon as the run has published (a kill there); see warehouse.Build
	beforeLedger func()                 // tests: called between the swap and the ledger's runs file (a kill there)
	afterBuild   func(*warehouse.Build) // tests: called with the build of a run that rebuilt the warehouse
	rekeying     *transforms.Rekeying   // set while Rekey reads the source
}

// Run does one full run. A run that fails leaves the previous warehouse as
// it was; its manifest records the failure. Run holds the data folder's
// lock throughout: it waits up to LockWait for another run to finish.
func (r *Runner) Run(ctx context.Context) (lake.Manifest, error) {
	r.defaults()
	now := r.Now().UTC()
	asOf := r.Config.AsOfDate(now)
	m := lake.Manifest{
		Format: lake.ManifestFormat, RunID: lake.NewRunID(now), Pipeline: r.Pipeline, Trigger: r.Trigger, Source: r.Config.Source.Kind,
		AsOf: asOf.Format(time.DateOnly), Started: now, Status: lake.StatusRunning, Attempt: r.Attempt,
	}
	if !r.ScheduledAt.IsZero() {
		m.ScheduledAt = r.ScheduledAt.UTC()
	}
	log := r.Log.With("pipeline", r.Pipeline)
	limitGoMemory(r.Config, os.LookupEnv)
	lk := lake.Lake{Root: r.Config.LakeDir()}
	holder := fmt.Sprintf("pipeline %s (%s)", r.Pipeline, r.Trigger)
	dataLock, err := lock.Acquire(ctx, r.Config.LockPath(), r.LockWait, holder, log)
	if err != nil {
		return r.finish(ctx, lk, m, err, log.With("run_id", m.RunID))
	}
	defer dataLock.Release()
	// The run is numbered once it holds the lock, so runs that waited for
	// one another are numbered in the order they publish: the last
	// succeeded run by id is the last published.
	m.Started = r.Now().UTC()
	m.RunID = lake.NewRunID(m.Started)
	log = log.With("run_id", m.RunID)
	if err := lake.RecoverRekey(lk.Root, log); err != nil {
		return r.finish(ctx, lk, m, err, log)
	}
	log.InfoContext(ctx, "run started", "source", m.Source, "as_of", m.AsOf, "trigger", r.Trigger)
	// On disk as running until it ends, so that even a run killed with
	// SIGKILL is in the ledger: the next run finds it and marks it failed.
	if err := lk.WriteManifest(m); err != nil {
		return r.finish(ctx, lk, m, fmt.Errorf("writing run manifest: %w", err), log)
	}
	if err := lk.RecoverInterrupted(m.RunID, m.Started, r.published(ctx, log), log); err != nil {
		return r.finish(ctx, lk, m, err, log)
	}
	lk.RemoveStaging(m.RunID)
	return r.finish(ctx, lk, m, r.run(ctx, lk, &m, asOf, log), log)
}

// finish records a run's outcome in its manifest, even when the run was
// cancelled: succeeded, cancelled when ctx was, or failed.
func (r *Runner) finish(ctx context.Context, lk lake.Lake, m lake.Manifest, err error, log *slog.Logger) (lake.Manifest, error) {
	m.Finished = r.Now().UTC()
	if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		err = errors.Join(ctx.Err(), err) // a driver's error raced the cancellation
	}
	var held *HeldError
	switch {
	case err == nil:
		m.Status = lake.StatusSucceeded
	case errors.As(err, &held):
		m.Status, m.Error = lake.StatusHeld, err.Error()
	case errors.Is(err, context.Canceled):
		m.Status, m.Error = lake.StatusCancelled, err.Error()
	default:
		m.Status, m.Error = lake.StatusFailed, err.Error()
	}
	if werr := lk.WriteManifest(m); werr != nil {
		err = errors.Join(err, fmt.Errorf("writing run manifest: %w", werr))
	}
	if m.Status == lake.StatusFailed || m.Status == lake.StatusCancelled {
		lk.RemoveRunFiles(m.RunID)
	}
	ctx = context.WithoutCancel(ctx)
	elapsed := m.Finished.Sub(m.Started).Seconds()
	switch {
	case err == nil:
		log.InfoContext(ctx, "run succeeded", "duration_seconds", elapsed)
	case m.Status == lake.StatusCancelled:
		log.WarnContext(ctx, "run cancelled; the previous warehouse stays", "error", err, "duration_seconds", elapsed)
	case m.Status == lake.StatusHeld:
		log.ErrorContext(ctx, "run held: tables shrank since the last published run; the previous warehouse stays",
			"error", err, "duration_seconds", elapsed)
	default:
		log.ErrorContext(ctx, "run failed", "error", err, "duration_seconds", elapsed)
	}
	return m, err
}

func (r *Runner) run(ctx context.Context, lk lake.Lake, m *lake.Manifest, asOf time.Time, log *slog.Logger) error {
	defs, err := r.loadDefinitions()
	if err != nil {
		return err
	}
	hmacKey, err := loadKey(r.Config, r.Getenv, log)
	if err != nil {
		return err
	}
	digests := sourcefile.NewDigests()
	src, err := r.openSource(ctx, m, &asOf, digests, log)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := os.MkdirAll(r.Config.DuckDB.TempDir, 0o700); err != nil {
		return fmt.Errorf("creating DuckDB temp folder: %w", err)
	}
	stageStart := time.Now()
	previous, err := lk.LastSucceeded()
	if err != nil {
		return err
	}
	if m.Fingerprint, err = warehouse.Fingerprint(r.Models, r.Config, defs.holidays, asOf, key.Fingerprint(hmacKey)); err != nil {
		return err
	}
	cache := r.digestCache(lk)
	fingerprinted := r.mightSkipIngest(m, previous)
	if fingerprinted {
		if err := r.inputFingerprint(ctx, cache, m, asOf, hmacKey, log); err != nil {
			return err
		}
	}
	history, err := lk.SucceededRuns()
	if err != nil {
		return err
	}
	build := &warehouse.Build{Config: r.Config, Lake: lk, History: history, KnownAt: r.knownAt(m),
		Models: defs.models, AsOf: asOf, Coverage: sources.CoverageOf(r.Config, src), Holidays: defs.holidays, KPIs: defs.kpis, Log: log,
		AfterSwap: r.afterSwap, BeforeLedger: r.beforeLedger}
	if !r.Full && sameInputs(m, previous) && fileExists(r.Config.WarehousePath()) {
		log.InfoContext(ctx, "source files and settings unchanged since the last successful run: skipping ingest",
			"previous_run", previous.RunID)
		m.Tables, m.Quarantine = carriedForward(previous), previous.Quarantine
		r.stageDone("ingest", &stageStart)
		r.stageDone("changes", &stageStart)
		return r.refreshLedger(ctx, build, m, &stageStart)
	}
	defer lk.RemoveStaging("")
	tables, staged, err := r.ingest(ctx, lk, m.RunID, src, hmacKey, asOf, log)
	if err != nil {
		return err
	}
	if !fingerprinted {
		cache.Adopt(digests)
		if err := r.inputFingerprint(ctx, cache, m, asOf, hmacKey, log); err != nil {
			return err
		}
	}
	r.stageDone("ingest", &stageStart)
	if err := r.detectChanges(ctx, lk, m, previous, tables, staged, log); err != nil {
		return err
	}
	returnGoMemory()
	r.stageDone("changes", &stageStart)
	if err := r.guard(ctx, m, previous, log); err != nil {
		return err
	}
	if !r.Full && unchanged(m, previous) && fileExists(r.Config.WarehousePath()) {
		log.InfoContext(ctx, "no source changes: carrying the warehouse forward with a refreshed run ledger")
		return r.refreshLedger(ctx, build, m, &stageStart)
	}
	if err := r.prepare(lk, *m, true); err != nil {
		return err
	}
	build.Manifest = *m
	build.Manifest.Status = lake.StatusSucceeded
	how, err := r.buildWarehouse(ctx, build, previous, log)
	if err != nil {
		return fmt.Errorf("building warehouse: %w", err)
	}
	r.stageDone("warehouse", &stageStart)
	m.WarehouseRebuilt, m.WarehouseBuild = true, how
	if r.afterBuild != nil {
		r.afterBuild(build)
	}
	return nil
}

// definitions are what a run builds with besides the data.
type definitions struct {
	models   []models.Model
	kpis     []warehouse.KPIDefinition
	holidays []warehouse.Holiday
}

// loadDefinitions reads the models, the KPI catalogue and the bank
// holidays. (The config's targets and headlines were checked against the
// catalogue when it was loaded.)
func (r *Runner) loadDefinitions() (definitions, error) {
	var d definitions
	var err error
	if d.models, err = models.Load(r.Models, warehouse.ExternalRelations()); err != nil {
		return d, fmt.Errorf("loading models: %w", err)
	}
	if d.kpis, err = warehouse.LoadKPIs(r.Models); err != nil {
		return d, fmt.Errorf("loading KPI definitions: %w", err)
	}
	d.holidays, err = warehouse.LoadHolidays(r.Config)
	return d, err
}

// openSource opens the config's source and, when the as-at date is after
// the source's history ends, moves it (and the manifest's) to that end.
func (r *Runner) openSource(ctx context.Context, m *lake.Manifest, asOf *time.Time, digests *sourcefile.Digests, log *slog.Logger) (extract.Source, error) {
	src, err := openSource(ctx, sources.Env{Mem: r.Mem, Config: r.Config, AsOf: *asOf, Getenv: r.Getenv, Log: log, Digests: digests})
	if err != nil {
		return nil, err
	}
	if end, basis, ok := sources.ReportableAsOf(src, *asOf); ok {
		log.InfoContext(ctx, "the as-at date is after the source's history ends: figures are as at its end",
			"as_of", m.AsOf, "source_ends", end.Format(time.DateOnly), "because", basis)
		*asOf, m.AsOf = end, end.Format(time.DateOnly)
	}
	return src, nil
}

// ingest reads every table of the source through the transforms into the
// lake's staging area, and writes the run's quarantine file.
func (r *Runner) ingest(ctx context.Context, lk lake.Lake, runID string, src extract.Source, key []byte, asOf time.Time,
	log *slog.Logger) (map[string]lake.TableStats, parquet.File, error) {
	q, err := lake.NewQuarantineFile(r.Mem, lk, runID)
	if err != nil {
		return nil, parquet.File{}, err
	}
	pseudonymiser, err := transforms.NewPseudonymiser(key)
	if err != nil {
		q.Abort()
		return nil, parquet.File{}, err
	}
	job := ingestJob{
		mem: r.Mem, source: src, lk: lk, runID: runID, key: key, rekeying: r.rekeying, quarantine: q,
		fromSource: transforms.SourceRejections(pseudonymiser.Rekeying(r.rekeying)),
		parallel:   r.Config.DuckDB.Threads, log: log,
		options: transforms.Options{AsOf: asOf, Mapper: r.Config.Mappings, KeepUPN: r.Config.Privacy.KeepUPN},
	}
	tables, err := job.run(ctx)
	if err != nil {
		q.Abort()
		return nil, parquet.File{}, err
	}
	staged, err := q.Close()
	if err != nil {
		return nil, parquet.File{}, fmt.Errorf("writing quarantine: %w", err)
	}
	returnGoMemory()
	for name, t := range tables {
		if t.Quarantined > 0 {
			// expected of real extracts, and each is explained in ops.quarantine
			log.InfoContext(ctx, "rows quarantined", "table", name, "rows", t.Quarantined)
		}
	}
	return tables, staged, nil
}

// stageDone reports a stage that began at *start to StageDone, if set, and
// starts the next stage's clock.
func (r *Runner) stageDone(stage string, start *time.Time) {
	if r.StageDone != nil {
		r.StageDone(stage, time.Since(*start))
	}
	*start = time.Now()
}

func (r *Runner) defaults() {
	if r.Log == nil {
		r.Log = slog.New(slog.DiscardHandler)
	}
	if r.Getenv == nil {
		r.Getenv = os.Getenv
	}
	if r.Now == nil {
		r.Now = time.Now
	}
	if r.Mem == nil {
		r.Mem = memory.DefaultAllocator
	}
	if r.Pipeline == "" {
		r.Pipeline = "default"
	}
	if r.Trigger == "" {
		r.Trigger = lake.TriggerManual
	}
	if r.Attempt == 0 {
		r.Attempt = 1
	}
}

// openSource opens a run's source: sources.Open, unless a test wraps it.
var openSource = sources.Open
