package ssddb

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	mssql "github.com/microsoft/go-mssqldb"
	"github.com/microsoft/go-mssqldb/msdsn"
)

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestDialectFor(t *testing.T) {
	for scheme, want := range map[string]string{"postgres": "postgres", "postgresql": "postgres", "sqlserver": "sqlserver"} {
		d, err := dialectFor(mustURL(t, scheme+"://carewh@db.example/ssd"))
		if err != nil || d.name() != want {
			t.Errorf("%s: got %v, %v; want %s", scheme, d, err, want)
		}
	}
	if _, err := dialectFor(mustURL(t, "mysql://carewh@db.example/ssd")); err == nil || !strings.Contains(err.Error(), "mysql://") {
		t.Errorf("mysql: got %v, want an error naming the scheme", err)
	}
}

func TestDialectBits(t *testing.T) {
	pg, ms := postgres{}, sqlserver{}
	checks := []struct{ name, got, want string }{
		{"pg default schema", pg.defaultSchema(), "public"},
		{"ms default schema", ms.defaultSchema(), "dbo"},
		{"pg quote", pg.quote(`ssd_"person`), `"ssd_""person"`},
		{"ms quote", ms.quote("ssd_]person"), "[ssd_]]person]"},
		{"pg placeholder", pg.placeholder(2), "$2"},
		{"ms placeholder", ms.placeholder(2), "@p2"},
		{"pg text", pg.textExpr(`"c"`, "character varying"), `CAST("c" AS text)`},
		{"pg date", pg.textExpr(`"c"`, "date"), `to_char("c", 'YYYY-MM-DD')`},
		{"pg timestamp", pg.textExpr(`"c"`, "timestamp without time zone"), `to_char("c", 'YYYY-MM-DD"T"HH24:MI:SS')`},
		{"pg timestamptz", pg.textExpr(`"c"`, "timestamp with time zone"), `to_char("c" AT TIME ZONE 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS')`},
		{"ms text", ms.textExpr("[c]", "nvarchar"), "CAST([c] AS nvarchar(max))"},
		{"ms bit", ms.textExpr("[c]", "bit"), "CAST([c] AS nvarchar(max))"},
		{"ms date", ms.textExpr("[c]", "date"), "CONVERT(nvarchar(10), [c], 23)"},
		{"ms datetime", ms.textExpr("[c]", "DATETIME"), "CONVERT(nvarchar(40), [c], 126)"},
		{"ms datetime2", ms.textExpr("[c]", "datetime2"), "CONVERT(nvarchar(40), [c], 126)"},
		{"pg tie-break table", pg.tieBreak("BASE TABLE"), "ctid"},
		{"pg tie-break view", pg.tieBreak("VIEW"), ""},
		{"ms tie-break table", ms.tieBreak("BASE TABLE"), ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, c.got, c.want)
		}
	}
}

func TestCatalogQueryPlaceholders(t *testing.T) {
	if q := catalogQuery(postgres{}); !strings.Contains(q, "lower(c.TABLE_SCHEMA) = $1 AND lower(c.TABLE_NAME) = $2") {
		t.Errorf("postgres catalog query:\n%s", q)
	}
	if q := catalogQuery(sqlserver{}); !strings.Contains(q, "lower(c.TABLE_SCHEMA) = @p1 AND lower(c.TABLE_NAME) = @p2") {
		t.Errorf("sqlserver catalog query:\n%s", q)
	}
}

func TestPostgresConfig(t *testing.T) {
	cfg, err := postgres{}.config(mustURL(t, "postgres://carewh@db.example:5433/ssd?sslmode=disable"), "s3cret", 7*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "db.example" || cfg.Port != 5433 || cfg.Database != "ssd" || cfg.User != "carewh" {
		t.Errorf("parsed %s:%d/%s as %s", cfg.Host, cfg.Port, cfg.Database, cfg.User)
	}
	if cfg.Password != "s3cret" || cfg.ConnectTimeout != 7*time.Second || cfg.RuntimeParams["application_name"] != "carewh" {
		t.Errorf("password %q, connect timeout %s, application_name %q", cfg.Password, cfg.ConnectTimeout, cfg.RuntimeParams["application_name"])
	}
	// The URL's own settings win.
	cfg, err = postgres{}.config(mustURL(t, "postgres://carewh@db.example/ssd?connect_timeout=3&application_name=etl"), "", 7*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ConnectTimeout != 3*time.Second || cfg.RuntimeParams["application_name"] != "etl" {
		t.Errorf("connect timeout %s, application_name %q", cfg.ConnectTimeout, cfg.RuntimeParams["application_name"])
	}
}

func TestSQLServerDSN(t *testing.T) {
	dsn := sqlserver{}.dsn(mustURL(t, "sqlserver://carewh@sql.example:1433/REPORTING?database=ssd"), "p@ss word", 2500*time.Millisecond)
	cfg, err := msdsn.Parse(dsn)
	if err != nil {
		t.Fatalf("parsing %s: %v", dsn, err)
	}
	if cfg.User != "carewh" || cfg.Password != "p@ss word" || cfg.Database != "ssd" || cfg.Host != "sql.example" || cfg.Instance != "REPORTING" {
		t.Errorf("parsed %+v", cfg)
	}
	if cfg.DialTimeout != 3*time.Second || cfg.AppName != "carewh" {
		t.Errorf("dial timeout %s, app name %q", cfg.DialTimeout, cfg.AppName)
	}
	if _, err := (sqlserver{}).connector(mustURL(t, "sqlserver://carewh@sql.example?database=ssd"), "", time.Second); err != nil {
		t.Errorf("connector: %v", err)
	}
}

func TestTransient(t *testing.T) {
	pg, ms := postgres{}, sqlserver{}
	cases := []struct {
		name string
		d    dialect
		err  error
		want bool
	}{
		{"pg refused", pg, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, true},
		{"pg admin shutdown", pg, &pgconn.PgError{Code: "57P01"}, true},
		{"pg cannot connect now", pg, &pgconn.PgError{Code: "57P03"}, true},
		{"pg too many connections", pg, &pgconn.PgError{Code: "53300"}, true},
		{"pg connection failure", pg, &pgconn.PgError{Code: "08006"}, true},
		{"pg bad password", pg, &pgconn.PgError{Code: "28P01"}, false},
		{"pg no database", pg, &pgconn.PgError{Code: "3D000"}, false},
		{"pg no table", pg, fmt.Errorf("querying: %w", &pgconn.PgError{Code: "42P01"}), false},
		{"pg no column", pg, &pgconn.PgError{Code: "42703"}, false},
		{"ms login failed", ms, mssql.Error{Number: 18456}, false},
		{"ms invalid object", ms, mssql.Error{Number: 208}, false},
		{"ms deadlock", ms, mssql.Error{Number: 1205}, true},
		{"ms azure unavailable", ms, fmt.Errorf("x: %w", mssql.Error{Number: 40613}), true},
		{"ms refused", ms, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, true},
		{"timeout", pg, fmt.Errorf("x: %w", context.DeadlineExceeded), true},
		{"bad conn", ms, driver.ErrBadConn, true},
		{"eof", pg, io.ErrUnexpectedEOF, true},
		{"unknown host", pg, &net.DNSError{Err: "no such host", Name: "db.invalid", IsNotFound: true}, false},
		{"dns down", pg, &net.DNSError{Err: "server misbehaving", Name: "db.example", IsTemporary: true}, true},
		{"missing table", pg, permanentError{errors.New("no table")}, false},
		{"anything else", pg, errors.New("syntax error"), false},
	}
	for _, c := range cases {
		if got := isTransient(c.d, c.err); got != c.want {
			t.Errorf("%s: transient = %v, want %v", c.name, got, c.want)
		}
	}
}
