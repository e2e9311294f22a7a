package pipelines

import (
	"context"
	"errors"
	"strings"

	"carewh/pipelines/extract"
	"carewh/pipelines/lock"
	"carewh/pipelines/warehouse"
)

// IsTransient says whether a failed run is worth running again: its cause
// is one a source server or the network can mend by itself (a refused,
// reset or dropped connection, a timeout, a deadlock, a lock held by
// another run or another client). Everything else is permanent, and an
// error is permanent unless it is known to be transient: a bad config, a
// missing table or column, a model or blocking check that failed, or a run
// cancelled on purpose.
func IsTransient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var model *warehouse.ModelFailure
	if errors.As(err, &model) {
		return false
	}
	var held *lock.HeldError
	if errors.As(err, &held) {
		return true
	}
	// PostgreSQL (pgconn.PgError) reports an SQLSTATE, SQL Server
	// (mssql.Error) an error number: asked through interfaces so that this
	// package needs neither driver.
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		return transientSQLState(pg.SQLState())
	}
	var ms interface{ SQLErrorNumber() int32 }
	if errors.As(err, &ms) {
		switch ms.SQLErrorNumber() {
		case 1205, // chosen as deadlock victim
			1222,  // lock request time out
			-2,    // timeout expired
			4060,  // cannot open database (restoring, offline)
			40501, // service busy
			40613: // database unavailable
			return true
		}
		return false
	}
	if extract.NetworkTransient(err) {
		return true
	}
	// A driver that wraps nothing typed still says what happened.
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"deadlock", "connection refused", "connection reset", "lock timeout", "lock wait timeout"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// transientSQLState: connection exceptions (08), deadlocks and
// serialisation failures (40001, 40P01), a lock not available (55P03), a
// query cancelled by statement_timeout (57014), and a server shutting down
// or starting up (57P01–57P05).
func transientSQLState(state string) bool {
	switch {
	case strings.HasPrefix(state, "08"), strings.HasPrefix(state, "57P"):
		return true
	}
	switch state {
	case "40001", "40P01", "55P03", "57014", "53300": // 53300: too many connections
		return true
	}
	return false
}
