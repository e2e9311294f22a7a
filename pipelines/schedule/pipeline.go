package schedule

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"carewh/config"
	"carewh/pipelines/lake"
)

// pipeline is one configured pipeline and what the daemon knows of it.
type pipeline struct {
	cfg      config.Pipeline
	schedule cron.Schedule
	// running is held from the moment a run is claimed (and waiting for
	// its turn) until its last attempt ends.
	running atomic.Bool

	mu          sync.Mutex
	lastRun     *lake.Manifest // newest run that succeeded or failed
	lastSuccess *lake.Manifest
}

// judged says whether a run's outcome bears on the pipeline's health: one
// that succeeded, failed or was held (its extract shrank beyond
// publish_guard). A skipped tick ran nothing, and a cancelled run was
// stopped on purpose (serve restarting); both leave the warehouse as the
// run before left it, which freshness still watches.
func judged(m lake.Manifest) bool {
	return m.Status == lake.StatusSucceeded || m.Status == lake.StatusFailed || m.Status == lake.StatusHeld
}

// released clears a held pipeline once any later run has published (all
// pipelines share one warehouse): typically `carewh run --accept-shrink`
// in another process, which serve learns of only from the ledger.
func (d *Daemon) released(p *pipeline) {
	run, _ := p.last()
	if run == nil || run.Status != lake.StatusHeld {
		return
	}
	later, err := d.lake.Latest(func(m lake.Manifest) bool {
		return m.Status == lake.StatusSucceeded && m.RunID > run.RunID
	})
	if err != nil || later == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lastRun == run {
		p.lastRun, p.lastSuccess = later, later
	}
}

// observe takes in a run's outcome.
func (p *pipeline) observe(m lake.Manifest) {
	if !judged(m) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lastRun = &m
	if m.Status == lake.StatusSucceeded {
		p.lastSuccess = &m
	}
}

func (p *pipeline) last() (run, success *lake.Manifest) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastRun, p.lastSuccess
}

// health says whether the pipeline's last run succeeded within its
// freshness limit, and if not why not.
func (p *pipeline) health(now time.Time) (ok bool, detail string) {
	run, success := p.last()
	fresh := p.cfg.FreshnessDuration()
	switch {
	case run == nil:
		return false, "no run yet"
	case run.Status != lake.StatusSucceeded:
		return false, fmt.Sprintf("last run %s %s at %s: %s", run.RunID, run.Status, when(run), run.Error)
	case now.Sub(success.Finished) > fresh:
		return false, fmt.Sprintf("stale: last success %s finished %s ago, freshness limit %s",
			success.RunID, now.Sub(success.Finished).Round(time.Second), fresh)
	}
	return true, fmt.Sprintf("last run %s succeeded %s ago", success.RunID, now.Sub(success.Finished).Round(time.Second))
}

func when(m *lake.Manifest) string {
	if m.Finished.IsZero() {
		return m.Started.Format(time.RFC3339)
	}
	return m.Finished.Format(time.RFC3339)
}

// loadState reads each pipeline's last run and last success from the
// ledger, newest first, stopping once every pipeline has both.
func (d *Daemon) loadState() error {
	missing := 2 * len(d.pipes)
	err := d.lake.Walk(func(m lake.Manifest) bool {
		p := d.byName[m.Pipeline]
		if p == nil || !judged(m) {
			return true
		}
		if p.lastRun == nil {
			p.lastRun = &m
			missing--
		}
		if p.lastSuccess == nil && m.Status == lake.StatusSucceeded {
			p.lastSuccess = &m
			missing--
		}
		return missing > 0
	})
	if err != nil {
		return fmt.Errorf("reading the run ledger: %w", err)
	}
	return nil
}

// runningNames lists the pipelines running now.
func (d *Daemon) runningNames() []string {
	var names []string
	for _, p := range d.pipes {
		if p.running.Load() {
			names = append(names, p.cfg.Name)
		}
	}
	return names
}
