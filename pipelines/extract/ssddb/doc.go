// Package ssddb reads Standard Safeguarding Dataset tables (ssd_person,
// ssd_cla_episodes, …, plus the local IRO form tables such as
// iro_challenges) from a case system's reporting database: PostgreSQL
// through pgx, or SQL Server (Liquidlogic and Mosaic reporting databases)
// through go-mssqldb, both over database/sql with one code path.
//
// Only the dialect differs (dialect.go): identifier quoting, query
// placeholders, how a column is cast to text, the tie-break that makes row
// order deterministic, the connector, and which driver errors are worth
// retrying.
//
// For each canonical table the source looks the table up in the catalog
// (INFORMATION_SCHEMA), matching the schema, table and column names
// ignoring case, so a missing table or column is reported by name before
// any row is read. It then selects the canonical columns, each cast to text
// in SQL (dates as ISO 8601), ordered by the table's key, and streams the
// rows into raw Arrow batches; _line is the row's number in that order.
// Text is passed on as the driver gives it: a value that is not valid
// UTF-8 (a SQL Server varchar in a legacy code page, say) is quarantined by
// the transforms as bad_encoding, as from every source, never written.
//
// Connecting, and each table's query up to its first row, is retried with
// exponential backoff and jitter when the failure is transient (a refused
// or dropped connection, a timeout, a server starting up or shutting
// down). Permanent failures (a bad password, a missing database, table or
// column) fail at once. A connection lost after rows have been handed on
// fails the table: the rows cannot be taken back, so the run fails and
// publishes nothing.
package ssddb
