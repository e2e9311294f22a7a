package schedule

import (
	"carewh/pipelines/lake"
	"time"

	"github.com/robfig/cron/v3"
)

// previousTick is the latest time at or before now that s fires, or zero
// if it has not fired in the last five years. robfig/cron only looks
// forward, so it looks back over growing windows until one holds a tick.
func previousTick(s cron.Schedule, now time.Time) time.Time {
	if every, ok := s.(cron.ConstantDelaySchedule); ok {
		return now.Add(-every.Delay)
	}
	const day = 24 * time.Hour
	for _, back := range []time.Duration{time.Minute, time.Hour, day, 8 * day, 32 * day, 367 * day, 5 * 366 * day} {
		t := s.Next(now.Add(-back))
		if t.IsZero() || t.After(now) {
			continue
		}
		for {
			next := s.Next(t)
			if next.IsZero() || next.After(now) {
				return t
			}
			t = next
		}
	}
	return time.Time{}
}

// catchUpDue says whether p missed its previous tick: its last successful
// run started before it. If so it returns the tick.
func (d *Daemon) catchUpDue(p *pipeline, now time.Time) (time.Time, bool) {
	prev := previousTick(p.schedule, now)
	if prev.IsZero() {
		return prev, false
	}
	_, success := p.last()
	return prev, success == nil || success.Started.Before(prev)
}

// startCatchUp runs, once each and one after another, the pipelines that
// missed their previous tick while serve was not running.
func (d *Daemon) startCatchUp() {
	now := d.now()
	type due struct {
		p    *pipeline
		tick time.Time
	}
	var todo []due
	for _, p := range d.pipes {
		tick, ok := d.catchUpDue(p, now)
		if !ok {
			continue
		}
		_, success := p.last()
		last := "never"
		if success != nil {
			last = success.Started.Format(time.RFC3339)
		}
		d.log.Info("catching up: the pipeline missed its previous scheduled run", "pipeline", p.cfg.Name,
			"scheduled_at", tick.Format(time.RFC3339), "last_success_started", last)
		todo = append(todo, due{p, tick})
	}
	if len(todo) == 0 {
		return
	}
	d.startRun(func() {
		for _, t := range todo {
			// A tick may have started the pipeline meanwhile: then it has
			// caught up by itself.
			if !t.p.running.CompareAndSwap(false, true) {
				d.log.Info("catch-up not needed: the pipeline is already running", "pipeline", t.p.cfg.Name)
				continue
			}
			d.metrics.running.WithLabelValues(t.p.cfg.Name).Set(1)
			d.execute(t.p, lake.TriggerCatchUp, t.tick)
		}
	})
}
