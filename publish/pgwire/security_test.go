package pgwire

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"carewh/publish/internal/testwarehouse"
)

// TestTLSRequired: with a certificate, and TLS required (as it is off
// loopback), a client asking for TLS connects and one that does not is
// refused, saying why.
func TestTLSRequired(t *testing.T) {
	base := *testwarehouse.Build(t, "../../testdata/golden/permanence_tracker/source", "2024-06-30", "")
	base.Serve.SQL.TLSCert, base.Serve.SQL.TLSKey = selfSigned(t)
	e := startEndpointWith(t, &base, func(s *Server) { s.tlsRequired = func(net.Addr) bool { return true } })
	conn, err := pgx.Connect(context.Background(), strings.Replace(e.url("analyst", analystPassword), "sslmode=disable", "sslmode=require", 1))
	if err != nil {
		t.Fatalf("with TLS: %v", err)
	}
	var n int64
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM marts.board_kpis").Scan(&n); err != nil || n == 0 {
		t.Errorf("a query over TLS: %d, %v", n, err)
	}
	conn.Close(context.Background())
	_, err = pgx.Connect(context.Background(), e.url("analyst", analystPassword))
	if err == nil || !strings.Contains(err.Error(), "TLS is required") {
		t.Errorf("without TLS: %v", err)
	}
}

// TestLoginFailures: a wrong password and an unknown user are refused
// alike (28P01) and counted; after five failures from one address even
// the right password is refused for a while.
func TestLoginFailures(t *testing.T) {
	e := startEndpoint(t)
	for _, url := range []string{e.url("analyst", "wrong-password-00"), e.url("nobody", analystPassword)} {
		_, err := pgx.Connect(context.Background(), url)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "28P01" {
			t.Errorf("a bad login: %v", err)
		}
	}
	for range loginBurst - 2 {
		pgx.Connect(context.Background(), e.url("analyst", "wrong-password-00"))
	}
	if _, err := pgx.Connect(context.Background(), e.url("analyst", analystPassword)); err == nil {
		t.Error("the right password was let in straight after five failures")
	}
	if got := testutil.ToFloat64(e.srv.metrics.loginFailures); got < loginBurst {
		t.Errorf("%g failed logins counted, want at least %d", got, loginBurst)
	}
}

// TestMetrics: /metrics counts queries, refusals and connections.
func TestMetrics(t *testing.T) {
	e := startEndpoint(t)
	conn := e.connect(t, "analyst", analystPassword)
	var n int64
	conn.QueryRow(context.Background(), "SELECT count(*) FROM marts.board_kpis").Scan(&n)
	conn.Exec(context.Background(), "SELECT * FROM core.periods_of_care")
	m := e.srv.metrics
	if testutil.ToFloat64(m.queries.WithLabelValues("ok")) < 1 || testutil.ToFloat64(m.refusals.WithLabelValues("42501")) != 1 ||
		testutil.ToFloat64(m.connections) != 1 || testutil.ToFloat64(m.connected) != 1 || testutil.CollectAndCount(m.seconds) != 1 {
		t.Errorf("metrics: ok %g, refused 42501 %g, connections %g, connected %g", testutil.ToFloat64(m.queries.WithLabelValues("ok")),
			testutil.ToFloat64(m.refusals.WithLabelValues("42501")), testutil.ToFloat64(m.connections), testutil.ToFloat64(m.connected))
	}
}

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "carewh test"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	return certFile, keyFile
}

// TestLimits: a result past serve.sql.max_rows, and a query past
// query_timeout, fail with the SQLSTATE PostgreSQL uses, saying which
// setting stopped them; the connection stays usable.
func TestLimits(t *testing.T) {
	base := testwarehouse.Build(t, "../../testdata/golden/permanence_tracker/source", "2024-06-30", "")
	e := startEndpointWith(t, base, func(s *Server) { s.cfg.MaxRows, s.cfg.QueryTimeout = 100, "200ms" })
	conn := e.connect(t, "analyst", analystPassword)
	for _, c := range []struct{ sql, code, says string }{
		{"SELECT * FROM range(1000)", "54000", "max_rows"},
		{"SELECT count(*) FROM range(10000000000)", "57014", "query_timeout"},
	} {
		_, err := conn.Exec(context.Background(), c.sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != c.code || !strings.Contains(pgErr.Message, c.says) {
			t.Errorf("%s: %v, want SQLSTATE %s naming %s", c.sql, err, c.code, c.says)
		}
	}
	var n int64
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM range(10)").Scan(&n); err != nil || n != 10 {
		t.Errorf("after the limits: %d, %v", n, err)
	}
}
