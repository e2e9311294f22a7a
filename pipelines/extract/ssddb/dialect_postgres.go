package ssddb

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// postgres is PostgreSQL through pgx.
type postgres struct{}

func (postgres) name() string          { return "postgres" }
func (postgres) defaultSchema() string { return "public" }

func (postgres) quote(ident string) string {
	return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"`
}

func (postgres) placeholder(n int) string { return fmt.Sprintf("$%d", n) }

// localTimeZone is the zone a timestamp with time zone is read in: the
// council's, so an event late in the evening keeps its day.
const localTimeZone = "Europe/London"

func (postgres) textExpr(q, dataType string) string {
	switch {
	case isDateType(dataType, "date"):
		return "to_char(" + q + ", 'YYYY-MM-DD')"
	case isDateType(dataType, "timestamp without time zone", "timestamp"):
		return "to_char(" + q + `, 'YYYY-MM-DD"T"HH24:MI:SS')`
	case isDateType(dataType, "timestamp with time zone", "timestamptz"):
		return "to_char(" + q + " AT TIME ZONE '" + localTimeZone + `', 'YYYY-MM-DD"T"HH24:MI:SS')`
	}
	return "CAST(" + q + " AS text)"
}

// tieBreak is the row's physical position (ctid), which for a table loaded
// from an export is the export's order; views have none.
func (postgres) tieBreak(tableType string) string {
	if tableType == "BASE TABLE" {
		return "ctid"
	}
	return ""
}

func (p postgres) connector(u *url.URL, password string, connectTimeout time.Duration) (driver.Connector, error) {
	cfg, err := p.config(u, password, connectTimeout)
	if err != nil {
		return nil, err
	}
	return stdlib.GetConnector(*cfg), nil
}

// config parses the URL as libpq would (PG* variables and .pgpass fill
// what it leaves out) and adds the password and timeout.
func (postgres) config(u *url.URL, password string, connectTimeout time.Duration) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		return nil, fmt.Errorf("parsing database URL: %w", err)
	}
	if password != "" {
		cfg.Password = password
	}
	if connectTimeout > 0 && !u.Query().Has("connect_timeout") {
		cfg.ConnectTimeout = connectTimeout
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = applicationName
	}
	return cfg, nil
}

func (postgres) transient(err error) (bool, bool) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		code := pgErr.Code
		switch {
		case strings.HasPrefix(code, "08"): // connection exception
			return true, true
		case strings.HasPrefix(code, "53"): // insufficient resources, too many connections
			return true, true
		case code == "57P01", code == "57P02", code == "57P03": // shutting down, crashed, starting up
			return true, true
		case code == "57014": // statement_timeout
			return true, true
		case code == "40001", code == "40P01": // serialization failure, deadlock
			return true, true
		}
		// Authentication (28…), missing database (3D000), table (42P01),
		// column (42703), permission (42501): retrying cannot help.
		return false, true
	}
	if pgconn.Timeout(err) {
		return true, true
	}
	return false, false
}
