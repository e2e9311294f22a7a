package pgwire

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"carewh/config"
	"carewh/publish/internal/testwarehouse"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testwarehouse.Cleanup()
	os.Exit(code)
}

// Test users: analyst reads marts; auditor also core and ops.
const (
	analystPassword = "analyst-password-1"
	auditorPassword = "auditor-password-2"
)

// endpoint is a running SQL endpoint over a golden warehouse.
type endpoint struct {
	cfg  *config.Config
	addr string
	srv  *Server
}

// startEndpoint builds the permanence-tracker golden warehouse (once per
// test binary) and serves it on a loopback port until the test ends.
func startEndpoint(t *testing.T) *endpoint {
	t.Helper()
	return startEndpointOn(t, testwarehouse.Build(t, "../../testdata/golden/permanence_tracker/source", "2024-06-30", ""))
}

// startEndpointOn serves base's warehouse.
func startEndpointOn(t *testing.T, base *config.Config) *endpoint {
	t.Helper()
	return startEndpointWith(t, base, nil)
}

// startEndpointWith serves base's warehouse (with its TLS files, if any),
// letting change adjust the server before it starts.
func startEndpointWith(t *testing.T, base *config.Config, change func(*Server)) *endpoint {
	t.Helper()
	cfg := *base
	cfg.Serve.SQL = config.ServeSQL{Listen: "127.0.0.1:0", UsersFile: filepath.Join(t.TempDir(), "sql-users"),
		MaxConnections: 40, QueryTimeout: "1m", MaxRows: 100_000, MaxBytes: 1 << 30,
		TLSCert: base.Serve.SQL.TLSCert, TLSKey: base.Serve.SQL.TLSKey}
	analyst, err := NewUser("analyst", analystPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	auditor, err := NewUser("auditor", auditorPassword, []string{"core", "ops"})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteUsers(cfg.Serve.SQL.UsersFile, []User{analyst, auditor}); err != nil {
		t.Fatal(err)
	}
	srv, err := New(&cfg, "test", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(srv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	addr := (<-srv.Listening()).(*net.TCPAddr)
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("the endpoint stopped with %v", err)
		}
	})
	return &endpoint{cfg: &cfg, addr: addr.String(), srv: srv}
}

// url is a connection URL for user and password.
func (e *endpoint) url(user, password string) string {
	host, port, _ := net.SplitHostPort(e.addr)
	return fmt.Sprintf("postgres://%s:%s@%s:%s/carewh?sslmode=disable", user, password, host, port)
}

// connect opens a pgx connection as user, closed with the test.
func (e *endpoint) connect(t *testing.T, user, password string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), e.url(user, password))
	if err != nil {
		t.Fatalf("connecting as %s: %v", user, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}
