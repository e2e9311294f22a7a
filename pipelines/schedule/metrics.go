package schedule

import (
	"carewh/pipelines/lake"
	"maps"
	"slices"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are what GET /metrics reports, in a registry of the daemon's own.
type metrics struct {
	registry    *prometheus.Registry
	scheduling  prometheus.Gauge
	running     *prometheus.GaugeVec
	runs        *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	lastSuccess *prometheus.GaugeVec
	rows        *prometheus.GaugeVec
	quarantined *prometheus.GaugeVec
	refused     *prometheus.CounterVec
}

func newMetrics(d *Daemon, more []prometheus.Collector) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		scheduling: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "carewh_scheduler_running", Help: "1 while carewh serve is scheduling pipelines, 0 once it is stopping.",
		}),
		running: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "carewh_pipeline_running", Help: "1 while a run of the pipeline is under way or waiting for its turn.",
		}, []string{"pipeline"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "carewh_runs_total", Help: "Runs recorded since serve started, by pipeline and status (succeeded, failed, held, cancelled, skipped); each attempt counts.",
		}, []string{"pipeline", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "carewh_run_duration_seconds", Help: "How long runs took, start to end, by pipeline and status.",
			Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200},
		}, []string{"pipeline", "status"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "carewh_last_success_timestamp_seconds", Help: "When the pipeline's last successful run finished, as a Unix time.",
		}, []string{"pipeline"}),
		rows: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "carewh_rows", Help: "Rows each table of the source held in the pipeline's last successful run.",
		}, []string{"pipeline", "table"}),
		quarantined: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "carewh_quarantined_rows", Help: "Rows of each table quarantined (broke a rule) in the pipeline's last successful run.",
		}, []string{"pipeline", "table"}),
	}
	m.refused = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "carewh_run_requests_refused_total",
		Help: "POST /runs requests refused since serve started, by pipeline (empty when the request named none) and reason: running (it was already; not recorded as a run), host (the Host header was not this server's) or token (no or the wrong bearer token).",
	}, []string{"pipeline", "reason"})
	m.registry.MustRegister(m.scheduling, m.running, m.runs, m.duration, m.lastSuccess, m.rows, m.quarantined, m.refused,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.registry.MustRegister(more...)
	for _, p := range d.pipes {
		m.running.WithLabelValues(p.cfg.Name).Set(0)
		m.refused.WithLabelValues(p.cfg.Name, refusedRunning)
		for _, status := range []string{lake.StatusSucceeded, lake.StatusFailed, lake.StatusHeld, lake.StatusCancelled, lake.StatusSkipped} {
			m.runs.WithLabelValues(p.cfg.Name, status)
		}
		if _, success := p.last(); success != nil {
			m.success(*success)
		}
	}
	return m
}

// observe counts a recorded run and, for a success, sets the pipeline's
// last-success figures.
func (m *metrics) observe(run lake.Manifest) {
	m.runs.WithLabelValues(run.Pipeline, run.Status).Inc()
	if run.Status == lake.StatusSkipped || run.Finished.IsZero() {
		return
	}
	m.duration.WithLabelValues(run.Pipeline, run.Status).Observe(run.Finished.Sub(run.Started).Seconds())
	if run.Status == lake.StatusSucceeded {
		m.success(run)
	}
}

func (m *metrics) success(run lake.Manifest) {
	m.lastSuccess.WithLabelValues(run.Pipeline).Set(float64(run.Finished.UnixMilli()) / 1000)
	for _, name := range slices.Sorted(maps.Keys(run.Tables)) {
		t := run.Tables[name]
		m.rows.WithLabelValues(run.Pipeline, name).Set(float64(t.Rows))
		m.quarantined.WithLabelValues(run.Pipeline, name).Set(float64(t.Quarantined))
	}
}
