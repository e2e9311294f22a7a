// Package ssddbtest gives tests the PostgreSQL server they run against:
// the one CAREWH_TEST_POSTGRES_URL names (.ci/run starts one), with a fresh
// schema per test. Without the variable a test is skipped, except under CI
// (CI=true), where a test that needs the server must not silently pass.
package ssddbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// EnvURL names the test server, e.g.
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
const EnvURL = "CAREWH_TEST_POSTGRES_URL"

// URL returns the test server's URL, or skips the test (fails it under CI)
// when there is none.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u != "" {
		return u
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set: CI must run the PostgreSQL tests (.ci/run starts a server)", EnvURL)
	}
	t.Skipf("%s is not set: no PostgreSQL server to test against", EnvURL)
	return ""
}

// Open connects to the test server; the connection pool closes with t.
func Open(t testing.TB, rawURL string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", rawURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.PingContext(context.Background()); err != nil {
		t.Fatalf("connecting to the test PostgreSQL server %s: %v", Redacted(rawURL), err)
	}
	return db
}

// Schema creates a schema with a fresh name, dropped with everything in it
// when t ends, and returns its name.
func Schema(t testing.TB, db *sql.DB) string {
	t.Helper()
	name := "carewh_test_" + Random()
	if _, err := db.Exec(`CREATE SCHEMA ` + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec(`DROP SCHEMA ` + name + ` CASCADE`); err != nil {
			t.Errorf("dropping test schema %s: %v", name, err)
		}
	})
	return name
}

// Random is a short random lower-case hex name part.
func Random() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// WithParam returns the URL with a query parameter set, such as
// application_name, so a test can find its connections in pg_stat_activity.
func WithParam(rawURL, key, value string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// Redacted shows a URL without its password.
func Redacted(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

// SkipOutsideCI skips the test with why, or fails it under CI, whose
// server .ci/run sets up so that the test can run.
func SkipOutsideCI(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s: .ci/run's server must allow this test", why)
	}
	t.Skip(why)
}
