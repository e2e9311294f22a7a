// Package schedule is the daemon behind `carewh serve`: it runs each
// configured pipeline on its cron schedule, unattended, through faults.
//
// # Schedules
//
// Each pipeline (config pipelines:) is a named schedule of the one
// configured source: a standard 5-field cron spec or a descriptor such as
// @daily, read in the pipeline's time zone (Europe/London unless it says
// otherwise), run by robfig/cron. Every job is wrapped with cron.Recover
// and cron.SkipIfStillRunning.
//
// # Overlap
//
// A pipeline never overlaps itself: a tick, or a POST /runs/{pipeline},
// that comes while it is still running is skipped, logged and recorded in
// the run ledger with status skipped. Different pipelines write the same
// lake and warehouse, so in one process they take turns (a pipeline that
// falls due while another runs waits for it), and across processes the
// data folder's lock file (lock.Acquire) keeps `carewh run` and
// serve from writing at once.
//
// # Retries
//
// A run that fails on a transient error (pipelines.IsTransient: a refused
// or dropped connection, a timeout, a deadlock, a held lock) is run again
// after an exponential backoff with jitter, up to retry.attempts attempts
// and no later than retry.deadline after the first. Each attempt is a run
// of its own in the ledger, the later ones with trigger "retry" and the
// same scheduled time. Permanent errors (bad config, a missing table, a
// failed blocking data check) are not retried.
//
// # Catch-up
//
// On start, a pipeline whose last successful run started before its
// previous scheduled time runs once, straight away (trigger "catch-up"),
// however many ticks were missed.
//
// # Stopping
//
// When its context ends (SIGINT or SIGTERM), the daemon stops scheduling,
// lets running pipelines finish for serve.grace_period, then cancels them
// through their context (recorded as cancelled; the previous warehouse
// stays), waits for them to record their outcome and release the lock, and
// returns nil.
//
// # HTTP
//
// On a loopback address (serve.listen): GET /healthz, GET /metrics
// (Prometheus text), GET /runs (recent runs from the ledger, as JSON) and
// POST /runs/{pipeline} (run now, under the same overlap rules).
//
// /healthz is 200 while serve schedules and each pipeline's last run that
// succeeded or failed succeeded, and finished within the pipeline's
// freshness limit; otherwise 503, one line per pipeline saying why. Skipped
// ticks and cancelled runs do not count as the last run: they leave the
// warehouse as it was, and freshness still catches a pipeline that has
// not succeeded for too long.
//
// GET /runs reads the manifests in lake/_runs, so it shows every run at
// once, a run under way (status running) included. The warehouse's
// ops.runs reads a file beside it that each successful run rewrites from
// the same manifests: a failed, cancelled or skipped run, which leaves the
// warehouse and that file alone, appears there with the next run that
// succeeds.
package schedule
