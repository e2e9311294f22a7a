// Package pgwire is carewh's read-only PostgreSQL-protocol endpoint: BI
// tools connect with the PostgreSQL connector they have and query the
// current warehouse's marts. The protocol is github.com/jeroenrinzema/
// psql-wire's; every query runs on a read-only DuckDB connection with
// external access off and its configuration locked, after carewh has
// checked from DuckDB's own parse that it reads only the user's schemas.
package pgwire

import (
	"context"
	"crypto/tls"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	wire "github.com/jeroenrinzema/psql-wire"
	"github.com/prometheus/client_golang/prometheus"

	"carewh/config"
	"carewh/pipelines/warehouse"
)

// Server is the SQL endpoint.
type Server struct {
	cfg       config.ServeSQL
	snaps     *snapshots
	metrics   *metrics
	limiter   *loginLimiter
	log       *slog.Logger
	wire      *wire.Server
	tls       *tls.Config
	version   string
	listening chan net.Addr
	// tlsRequired says whether clients on the listener's address must
	// use TLS: off loopback (tests require it on loopback too).
	tlsRequired func(net.Addr) bool
	// rewrites caches each user's parse-tree rewrites (rewritesFor).
	rewrites sync.Map
}

// New makes the endpoint of cfg's serve.sql; version names the build in
// version().
func New(cfg *config.Config, version string, log *slog.Logger) (*Server, error) {
	s := &Server{cfg: cfg.Serve.SQL, metrics: newMetrics(), limiter: newLoginLimiter(), log: log.With("component", "sql"),
		version: version, listening: make(chan net.Addr, 1), tlsRequired: func(a net.Addr) bool { return !isLoopback(a) },
		snaps: &snapshots{path: cfg.WarehousePath(), open: func() (*sql.DB, error) { return warehouse.OpenSnapshot(cfg) }}}
	opts := []wire.OptionFn{
		wire.SessionAuthStrategy(wire.ClearTextPassword(s.login)),
		wire.SessionMiddleware(func(ctx context.Context) (context.Context, error) {
			return context.WithValue(ctx, sessionKey{}, &session{}), nil
		}),
		wire.GlobalParameters(startupParameters()),
		wire.Logger(s.log),
	}
	if s.cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(s.cfg.TLSCert, s.cfg.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("serve.sql TLS certificate: %w", err)
		}
		s.tls = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		opts = append(opts, wire.TLSConfig(s.tls))
	}
	var err error
	if s.wire, err = wire.NewServer(s.parse, opts...); err != nil {
		return nil, err
	}
	return s, nil
}

// Collectors are the endpoint's metrics, for /metrics.
func (s *Server) Collectors() []prometheus.Collector { return s.metrics.collectors() }

// Listening gives the address once the endpoint listens.
func (s *Server) Listening() <-chan net.Addr { return s.listening }

// Run listens on serve.sql.listen and serves until ctx is done, then
// closes every connection.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("serve.sql.listen: %w", err)
	}
	requireTLS := s.tlsRequired(ln.Addr())
	if requireTLS && s.tls == nil {
		ln.Close()
		return errors.New("serve.sql.listen is not a loopback address and no TLS certificate is set")
	}
	s.log.Info("SQL endpoint listening", "address", ln.Addr().String(), "tls", s.tls != nil, "tls_required", requireTLS)
	s.listening <- ln.Addr()
	guarded := &guardedListener{Listener: ln, slots: make(chan struct{}, s.cfg.MaxConnections), requireTLS: requireTLS, metrics: s.metrics}
	done := make(chan error, 1)
	go func() { done <- s.wire.Serve(guarded) }()
	select {
	case err := <-done:
		s.snaps.close()
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = s.wire.Shutdown(shutdown)
	s.snaps.close()
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

func isLoopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

type userKey struct{}
type sessionKey struct{}

func userOf(ctx context.Context) User {
	u, _ := ctx.Value(userKey{}).(User)
	return u
}

func sessionOf(ctx context.Context) *session {
	if s, ok := ctx.Value(sessionKey{}).(*session); ok {
		return s
	}
	return &session{}
}
