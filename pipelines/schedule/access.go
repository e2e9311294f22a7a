package schedule

import (
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
)

// Reasons a POST /runs/{pipeline} is refused, as the refusals metric
// labels them.
const (
	refusedRunning = "running" // the pipeline is running already (409)
	refusedHost    = "host"    // the Host header is not this server's (421)
	refusedToken   = "token"   // no or the wrong bearer token (401)
)

// readToken reads serve.token_file: the bearer token POST requests must
// carry, or nil when the file is not configured.
func readToken(path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("serve.token_file: %w", err)
	}
	token := strings.TrimSpace(string(data))
	if token == "" {
		return nil, fmt.Errorf("serve.token_file: %s is empty", path)
	}
	return []byte(token), nil
}

// allowedHosts are the Host headers that name this server: the address it
// listens on and the configured serve.listen, and for a loopback address
// its other loopback names too. A request whose Host is anything else was
// sent to another name that resolved here: DNS rebinding, by which a web
// page a browser on this machine opened could start runs.
func allowedHosts(listen string, addr net.Addr) map[string]bool {
	hosts := map[string]bool{strings.ToLower(listen): true}
	if addr == nil {
		return hosts
	}
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return hosts
	}
	names := []string{host}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		names = append(names, "localhost", "127.0.0.1", "::1")
	}
	for _, n := range names {
		hosts[strings.ToLower(net.JoinHostPort(n, port))] = true
		if port == "80" {
			hosts[strings.ToLower(n)] = true
		}
	}
	return hosts
}

// guardPost lets through only a POST addressed to this server by name
// (Host) and, when serve.token_file is set, carrying its bearer token;
// others are refused and counted, never recorded as runs.
func (d *Daemon) guardPost(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !d.hosts[strings.ToLower(r.Host)] {
			d.refuse(w, r, refusedHost, http.StatusMisdirectedRequest,
				fmt.Sprintf("host %q is not this server (serve.listen %s)", r.Host, d.cfg.Serve.Listen))
			return
		}
		if d.token != nil && !bearer(r, d.token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="carewh"`)
			d.refuse(w, r, refusedToken, http.StatusUnauthorized, "a bearer token (serve.token_file) is required")
			return
		}
		next(w, r)
	}
}

// bearer says whether r's Authorization header carries token.
func bearer(r *http.Request, token []byte) bool {
	scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), token) == 1
}

// refuse answers a refused POST and counts it; it writes nothing to the
// ledger, so that a flood of requests costs no disk and no later run.
func (d *Daemon) refuse(w http.ResponseWriter, r *http.Request, reason string, code int, why string) {
	pipeline := r.PathValue("pipeline")
	if d.byName[pipeline] == nil {
		pipeline = "" // a label from the request only if it is a pipeline
	}
	d.metrics.refused.WithLabelValues(pipeline, reason).Inc()
	level := d.log.Warn
	if reason == refusedRunning {
		level = d.log.Debug
	}
	level("run request refused", "pipeline", pipeline, "reason", reason, "remote", r.RemoteAddr, "detail", why)
	writeJSON(w, code, map[string]string{"error": why})
}
