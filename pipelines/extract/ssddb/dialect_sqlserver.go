package ssddb

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"

	mssql "github.com/microsoft/go-mssqldb"
)

// sqlserver is Microsoft SQL Server through go-mssqldb.
type sqlserver struct{}

func (sqlserver) name() string          { return "sqlserver" }
func (sqlserver) defaultSchema() string { return "dbo" }

func (sqlserver) quote(ident string) string {
	return "[" + strings.ReplaceAll(ident, "]", "]]") + "]"
}

func (sqlserver) placeholder(n int) string { return fmt.Sprintf("@p%d", n) }

// textExpr uses CONVERT styles 23 (yyyy-mm-dd) and 126 (ISO 8601,
// yyyy-mm-ddThh:mi:ss.mmm) for dates, as a plain CAST of a datetime gives
// "Jan  1 2019 12:00AM".
func (sqlserver) textExpr(q, dataType string) string {
	switch {
	case isDateType(dataType, "date"):
		return "CONVERT(nvarchar(10), " + q + ", 23)"
	case isDateType(dataType, "datetime", "datetime2", "smalldatetime", "datetimeoffset"):
		return "CONVERT(nvarchar(40), " + q + ", 126)"
	}
	return "CAST(" + q + " AS nvarchar(max))"
}

// tieBreak: SQL Server has no supported physical row locator, so the
// selected columns break ties.
func (sqlserver) tieBreak(string) string { return "" }

func (s sqlserver) connector(u *url.URL, password string, connectTimeout time.Duration) (driver.Connector, error) {
	c, err := mssql.NewConnector(s.dsn(u, password, connectTimeout))
	if err != nil {
		return nil, fmt.Errorf("parsing database URL: %w", err)
	}
	return c, nil
}

// dsn adds the password, a dial timeout and an application name to the URL.
func (sqlserver) dsn(u *url.URL, password string, connectTimeout time.Duration) string {
	v := *u
	if password != "" {
		v.User = url.UserPassword(u.User.Username(), password)
	}
	q := v.Query()
	if connectTimeout > 0 && q.Get("dial timeout") == "" {
		q.Set("dial timeout", fmt.Sprint(int(math.Ceil(connectTimeout.Seconds()))))
	}
	if q.Get("app name") == "" {
		q.Set("app name", applicationName)
	}
	v.RawQuery = q.Encode()
	return v.String()
}

// transientSQLServerErrors are SQL Server error numbers worth retrying:
// timeouts, deadlocks, dropped connections, and Azure SQL's throttling and
// failover errors.
var transientSQLServerErrors = map[int32]bool{
	-2: true, 53: true, 64: true, 233: true, 1205: true, 10053: true, 10054: true, 10060: true,
	4221: true, 10928: true, 10929: true, 40197: true, 40501: true, 40613: true,
	49918: true, 49919: true, 49920: true,
}

func (sqlserver) transient(err error) (bool, bool) {
	var msErr mssql.Error
	if errors.As(err, &msErr) {
		// Login failed (18456), no such database (4060), object (208) or
		// column (207), permission (229, 230): retrying cannot help.
		return transientSQLServerErrors[msErr.Number], true
	}
	var stream mssql.StreamError
	if errors.As(err, &stream) {
		return true, true
	}
	return false, false
}
