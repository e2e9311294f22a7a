package schedule

import (
	"context"
	"errors"
	"time"

	"carewh/pipelines"
	"carewh/pipelines/lake"
)

// claim marks p running for a run about to start. If p is running
// already, the run is skipped: logged and recorded with status skipped.
func (d *Daemon) claim(p *pipeline, trigger string, scheduled time.Time) bool {
	if p.running.CompareAndSwap(false, true) {
		d.metrics.running.WithLabelValues(p.cfg.Name).Set(1)
		return true
	}
	d.recordSkip(p, trigger, scheduled)
	return false
}

func (d *Daemon) release(p *pipeline) {
	d.metrics.running.WithLabelValues(p.cfg.Name).Set(0)
	p.running.Store(false)
}

// recordSkip records a run that did not start because its pipeline was
// still running.
func (d *Daemon) recordSkip(p *pipeline, trigger string, scheduled time.Time) lake.Manifest {
	return d.recordNotRun(p, lake.StatusSkipped, trigger, scheduled, "skipped: the pipeline was still running")
}

func (d *Daemon) recordNotRun(p *pipeline, status, trigger string, scheduled time.Time, why string) lake.Manifest {
	m, err := lake.RecordNotRun(d.cfg, lake.Manifest{Pipeline: p.cfg.Name, Trigger: trigger,
		ScheduledAt: scheduled, Status: status, Error: why}, d.now())
	log := d.log.With("pipeline", p.cfg.Name, "run_id", m.RunID, "trigger", trigger)
	if !scheduled.IsZero() {
		log = log.With("scheduled_at", scheduled.UTC().Format(time.RFC3339))
	}
	if err != nil {
		log.Error("recording a run that did not start", "status", status, "error", err)
	}
	log.Warn("run "+status, "reason", why)
	d.metrics.observe(m)
	return m
}

// execute runs a claimed pipeline: it waits its turn to write, then runs
// it, retrying transient failures with backoff until an attempt succeeds,
// fails permanently, or the attempts or the deadline run out. Each attempt
// is recorded by the run itself.
func (d *Daemon) execute(p *pipeline, trigger string, scheduled time.Time) {
	defer d.release(p)
	log := d.log.With("pipeline", p.cfg.Name)
	policy := retryPolicy{attempts: d.cfg.Retry.Attempts, initial: d.cfg.Retry.InitialBackoffDuration(),
		max: d.cfg.Retry.MaxBackoffDuration(), deadline: d.cfg.Retry.DeadlineDuration()}
	first := d.now()
	for attempt := 1; ; attempt++ {
		req := Request{Pipeline: p.cfg.Name, Trigger: trigger, ScheduledAt: scheduled, Attempt: attempt}
		if attempt > 1 {
			req.Trigger = lake.TriggerRetry
		}
		m, err, started := d.attempt(p, req)
		if !started {
			return
		}
		if err == nil {
			return
		}
		if !pipelines.IsTransient(err) {
			if m.Status == lake.StatusFailed {
				log.Error("run failed with a permanent error; not retrying", "run_id", m.RunID, "error", err)
			}
			return
		}
		wait, ok := policy.next(attempt, d.now().Sub(first))
		if !ok {
			log.Error("run failed with a transient error; giving up", "run_id", m.RunID, "attempt", attempt,
				"attempts", policy.attempts, "deadline_seconds", policy.deadline.Seconds(), "error", err)
			return
		}
		log.Warn("run failed with a transient error; retrying", "run_id", m.RunID, "attempt", attempt,
			"attempts", policy.attempts, "retry_in_seconds", wait.Seconds(), "error", err)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-d.stopping:
			t.Stop()
			log.Warn("not retrying: serve is stopping", "run_id", m.RunID)
			return
		}
	}
}

// attempt waits for this process's writer slot and runs one attempt; it
// reports started false if serve began stopping before its turn came
// (recorded as cancelled).
func (d *Daemon) attempt(p *pipeline, req Request) (m lake.Manifest, err error, started bool) {
	select {
	case d.writer <- struct{}{}:
	case <-d.stopping:
		d.recordNotRun(p, lake.StatusCancelled, req.Trigger, req.ScheduledAt,
			"cancelled: serve stopped before the run's turn came")
		return m, context.Canceled, false
	}
	defer func() { <-d.writer }()
	// A tick that fired just as shutdown began must not start a run.
	select {
	case <-d.stopping:
		d.recordNotRun(p, lake.StatusCancelled, req.Trigger, req.ScheduledAt,
			"cancelled: serve stopped before the run's turn came")
		return m, context.Canceled, false
	default:
	}
	m, err = d.run(d.runCtx, req)
	if m.Status == "" || m.Status == lake.StatusRunning { // a RunFunc that wrote no outcome
		m.Pipeline, m.Trigger, m.Status = req.Pipeline, req.Trigger, lake.StatusSucceeded
		if err != nil {
			m.Status, m.Error = lake.StatusFailed, err.Error()
			if errors.Is(err, context.Canceled) {
				m.Status = lake.StatusCancelled
			}
		}
	}
	p.observe(m)
	d.metrics.observe(m)
	return m, err, true
}
