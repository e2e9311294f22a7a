package pgwire

import (
	"time"

	psqlerr "github.com/jeroenrinzema/psql-wire/errors"
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the SQL endpoint's share of /metrics.
type metrics struct {
	connections   prometheus.Gauge
	connected     prometheus.Counter
	queries       *prometheus.CounterVec
	refusals      *prometheus.CounterVec
	loginFailures prometheus.Counter
	seconds       prometheus.Histogram
}

func newMetrics() *metrics {
	return &metrics{
		connections: prometheus.NewGauge(prometheus.GaugeOpts{Name: "carewh_sql_connections",
			Help: "Clients connected to the SQL endpoint now."}),
		connected: prometheus.NewCounter(prometheus.CounterOpts{Name: "carewh_sql_connections_total",
			Help: "Connections the SQL endpoint accepted."}),
		queries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "carewh_sql_queries_total",
			Help: "Queries the SQL endpoint ran, by result (ok or error)."}, []string{"result"}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "carewh_sql_refusals_total",
			Help: "Statements, connections and logins the SQL endpoint refused, by SQLSTATE."}, []string{"sqlstate"}),
		loginFailures: prometheus.NewCounter(prometheus.CounterOpts{Name: "carewh_sql_login_failures_total",
			Help: "Failed logins to the SQL endpoint (wrong user or password, or rate-limited)."}),
		seconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "carewh_sql_query_seconds",
			Help: "How long the SQL endpoint's queries took.", Buckets: prometheus.ExponentialBuckets(0.005, 4, 9)}),
	}
}

// collectors are what `carewh serve` registers for /metrics.
func (m *metrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{m.connections, m.connected, m.queries, m.refusals, m.loginFailures, m.seconds}
}

// timed runs a query, counting it and its time, and a refusal by its code.
func (m *metrics) timed(run func() error) error {
	start := time.Now()
	err := run()
	m.seconds.Observe(time.Since(start).Seconds())
	if err != nil {
		m.queries.WithLabelValues("error").Inc()
		m.refusal(err)
		return err
	}
	m.queries.WithLabelValues("ok").Inc()
	return nil
}

// refusal counts an error that refuses on principle (read-only,
// privilege, limits, connections, login), by its SQLSTATE.
func (m *metrics) refusal(err error) {
	switch code := string(psqlerr.GetCode(err)); code {
	case "25006", "42501", "54000", "53300", "28000", "28P01", "57014":
		m.refusals.WithLabelValues(code).Inc()
	}
}
