package ssddb

import (
	"database/sql/driver"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// dialect is what differs between the databases the source reads. The
// rest (catalog lookup, query, streaming, retries) is one code path.
type dialect interface {
	// name is the dialect's name in messages: postgres or sqlserver.
	name() string
	// defaultSchema holds the SSD tables when the config names none.
	defaultSchema() string
	// quote quotes an identifier exactly as the catalog spells it.
	quote(ident string) string
	// placeholder is the n-th (1-based) query parameter.
	placeholder(n int) string
	// textExpr casts a quoted column of the catalog's dataType to text,
	// dates and date-times as ISO 8601, so every value reaches the
	// transforms as the same text whichever server it came from.
	textExpr(quoted, dataType string) string
	// tieBreak orders rows that share a key deterministically in physical
	// order, for a relation of the catalog's tableType; "" if the dialect
	// has none, when the selected columns break ties instead.
	tieBreak(tableType string) string
	// connector connects as the URL says, with the password and a bound on
	// each connection attempt.
	connector(u *url.URL, password string, connectTimeout time.Duration) (driver.Connector, error)
	// transient says whether a driver error is worth retrying; known is
	// false when the error is not the driver's own, and the generic rules
	// decide (retry.go).
	transient(err error) (transient, known bool)
}

// dialectFor picks the dialect of a database URL's scheme.
func dialectFor(u *url.URL) (dialect, error) {
	switch strings.ToLower(u.Scheme) {
	case "postgres", "postgresql":
		return postgres{}, nil
	case "sqlserver":
		return sqlserver{}, nil
	}
	return nil, fmt.Errorf("database URL must start postgres:// or sqlserver://, got %q", u.Scheme+"://")
}

// applicationName is how carewh's connections show in the server's
// activity views (pg_stat_activity, sys.dm_exec_sessions).
const applicationName = "carewh"

// isDateType says whether a catalog data type is one of types, ignoring case.
func isDateType(dataType string, types ...string) bool {
	dt := strings.ToLower(dataType)
	for _, t := range types {
		if dt == t {
			return true
		}
	}
	return false
}
