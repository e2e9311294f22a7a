package schedule

import (
	"carewh/pipelines/lake"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler serves the daemon's HTTP endpoints:
//
//	GET  /healthz            200 when scheduling and every pipeline's last run succeeded within its freshness limit, else 503 with the reasons (a held run's names each shrunk table)
//	GET  /metrics            Prometheus text format
//	GET  /runs               recent runs from the ledger, newest first (?limit=50&pipeline=NAME&status=STATUS)
//	POST /runs/{pipeline}    run the pipeline now: 202, or 409 if it is running (counted in /metrics, not recorded)
//
// A POST must name this server in its Host header (421 if not) and, when
// serve.token_file is set, carry that token as a bearer token (401 if not).
// The allowed hosts come from the daemon's listener, so Run calls Handler
// once it listens.
func (d *Daemon) Handler() http.Handler {
	var addr net.Addr
	if d.ln != nil {
		addr = d.ln.Addr()
	}
	d.hosts = allowedHosts(d.cfg.Serve.Listen, addr)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", d.healthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(d.metrics.registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /runs", d.listRuns)
	mux.HandleFunc("POST /runs/{pipeline}", d.guardPost(d.triggerRun))
	// A web page open on the server must not be able to start runs.
	return http.NewCrossOriginProtection().Handler(mux)
}

func (d *Daemon) healthz(w http.ResponseWriter, r *http.Request) {
	now := d.now()
	healthy := true
	var lines []string
	d.mu.Lock()
	stopped := d.stopped
	d.mu.Unlock()
	if stopped {
		healthy = false
		lines = append(lines, "scheduler: stopping")
	} else {
		lines = append(lines, "scheduler: running")
	}
	for _, p := range d.pipes {
		d.released(p)
		ok, detail := p.health(now)
		healthy = healthy && ok
		state := "ok"
		if !ok {
			state = "unhealthy"
		}
		lines = append(lines, fmt.Sprintf("%s: %s: %s", p.cfg.Name, state, detail))
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if healthy {
		w.WriteHeader(http.StatusOK)
		fmt.Fprintln(w, "ok")
	} else {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "unhealthy")
	}
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}

// runView is a run as GET /runs shows it: the manifest without its file
// lists and hashes.
type runView struct {
	RunID            string               `json:"run_id"`
	Pipeline         string               `json:"pipeline"`
	Trigger          string               `json:"trigger"`
	Status           string               `json:"status"`
	ScheduledAt      time.Time            `json:"scheduled_at,omitzero"`
	Attempt          int                  `json:"attempt,omitempty"`
	Started          time.Time            `json:"started"`
	Finished         time.Time            `json:"finished,omitzero"`
	DurationSeconds  float64              `json:"duration_seconds,omitempty"`
	Error            string               `json:"error,omitempty"`
	Rows             int64                `json:"rows"`
	QuarantinedRows  int64                `json:"quarantined_rows"`
	WarehouseRebuilt bool                 `json:"warehouse_rebuilt"`
	Tables           map[string]tableView `json:"tables,omitempty"`
}

type tableView struct {
	Rows        int64 `json:"rows"`
	Quarantined int64 `json:"quarantined"`
	Inserted    int64 `json:"inserted"`
	Updated     int64 `json:"updated"`
	Deleted     int64 `json:"deleted"`
}

func newRunView(m lake.Manifest) runView {
	v := runView{RunID: m.RunID, Pipeline: m.Pipeline, Trigger: m.Trigger, Status: m.Status, ScheduledAt: m.ScheduledAt,
		Attempt: m.Attempt, Started: m.Started, Finished: m.Finished, Error: m.Error, WarehouseRebuilt: m.WarehouseRebuilt}
	if !m.Finished.IsZero() {
		v.DurationSeconds = m.Finished.Sub(m.Started).Seconds()
	}
	for _, name := range slices.Sorted(maps.Keys(m.Tables)) {
		t := m.Tables[name]
		if v.Tables == nil {
			v.Tables = map[string]tableView{}
		}
		v.Tables[name] = tableView{Rows: t.Rows, Quarantined: t.Quarantined, Inserted: t.Inserted, Updated: t.Updated, Deleted: t.Deleted}
		v.Rows += t.Rows
		v.QuarantinedRows += t.Quarantined
	}
	return v
}

// listRuns reads the ledger itself, so it shows failed, cancelled and
// skipped runs (and a run under way) before any warehouse has them.
func (d *Daemon) listRuns(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := 50
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "limit must be a number from 1 to 1000"})
			return
		}
		limit = n
	}
	pipeline, status := q.Get("pipeline"), q.Get("status")
	ms, err := d.lake.Recent(limit, func(m lake.Manifest) bool {
		return (pipeline == "" || m.Pipeline == pipeline) && (status == "" || m.Status == status)
	})
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	runs := make([]runView, len(ms))
	for i, m := range ms {
		runs[i] = newRunView(m)
	}
	writeJSON(w, http.StatusOK, map[string]any{"runs": runs})
}

func (d *Daemon) triggerRun(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("pipeline")
	p := d.byName[name]
	if p == nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("no pipeline %q", name)})
		return
	}
	if !p.running.CompareAndSwap(false, true) {
		// Not recorded: a flood of requests must not fill the ledger.
		d.refuse(w, r, refusedRunning, http.StatusConflict, fmt.Sprintf("pipeline %s is already running", name))
		return
	}
	d.metrics.running.WithLabelValues(name).Set(1)
	if !d.startRun(func() { d.execute(p, lake.TriggerManual, time.Time{}) }) {
		d.release(p)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "serve is stopping"})
		return
	}
	d.log.Info("run requested over HTTP", "pipeline", name, "remote", r.RemoteAddr)
	writeJSON(w, http.StatusAccepted, map[string]string{"pipeline": name, "trigger": lake.TriggerManual, "status": "accepted"})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
