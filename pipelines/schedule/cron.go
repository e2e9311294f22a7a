package schedule

import (
	"carewh/pipelines/lake"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// newCron schedules every pipeline. Each job is wrapped with cron.Recover
// (a panic is logged, the daemon goes on) and cron.SkipIfStillRunning,
// whose logger records the skipped tick in the ledger.
func (d *Daemon) newCron() *cron.Cron {
	logger := cronLogger{d.log}
	c := cron.New(cron.WithLogger(logger))
	for _, p := range d.pipes {
		job := cron.NewChain(cron.Recover(logger), cron.SkipIfStillRunning(skipRecorder{d, p})).Then(cron.FuncJob(func() {
			d.tick(p)
		}))
		c.Schedule(p.schedule, job)
	}
	return c
}

// tick is a pipeline's scheduled run. A manual or catch-up run of the
// same pipeline may hold it, which cron.SkipIfStillRunning cannot see.
func (d *Daemon) tick(p *pipeline) {
	scheduled := previousTick(p.schedule, time.Now())
	if !d.claim(p, lake.TriggerScheduled, scheduled) {
		return
	}
	d.execute(p, lake.TriggerScheduled, scheduled)
}

// skipRecorder is the logger cron.SkipIfStillRunning reports a skipped
// tick to: it records the skip.
type skipRecorder struct {
	d *Daemon
	p *pipeline
}

func (s skipRecorder) Info(msg string, kv ...any) {
	if msg == "skip" {
		s.d.recordSkip(s.p, lake.TriggerScheduled, previousTick(s.p.schedule, time.Now()))
		return
	}
	s.d.log.Debug("cron: "+msg, append([]any{"pipeline", s.p.cfg.Name}, kv...)...)
}

func (s skipRecorder) Error(err error, msg string, kv ...any) {
	s.d.log.Error("cron: "+msg, append([]any{"pipeline", s.p.cfg.Name, "error", err}, kv...)...)
}

// cronLogger passes cron's own messages to slog: its routine ones
// (start, wake, run) at debug level, a recovered panic as an error.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append([]any{"error", fmt.Sprint(err)}, kv...)...)
}
