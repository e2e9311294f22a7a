package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"maps"
	"slices"
	"time"

	"carewh/pipelines/duck"
	"carewh/pipelines/lake"
)

// loadRuns records every run the lake knows of, this one included, in the
// tables ops.runs and ops.run_tables, from which the ledger's files are
// written (stageFiles). The rows go in through DuckDB's appender: a
// nightly pipeline's ledger grows by some 9,000 run-table rows a year,
// which an INSERT a row took seconds to load.
func (b *Build) loadRuns(ctx context.Context, conn *sql.Conn) error {
	manifests, err := b.Lake.Manifests()
	if err != nil {
		return err
	}
	current := b.Manifest
	current.Finished = time.Now().UTC()
	// The manifest on disk still says running: this run is recorded as
	// the build sees it.
	manifests = slices.DeleteFunc(manifests, func(m lake.Manifest) bool { return m.RunID == current.RunID })
	manifests = append(manifests, current)
	var runs, tables [][]driver.Value
	for _, m := range manifests {
		var rows, quarantined int64
		for _, name := range slices.Sorted(maps.Keys(m.Tables)) {
			t := m.Tables[name]
			rows += t.Rows
			quarantined += t.Quarantined
			tables = append(tables, []driver.Value{m.RunID, name, t.Source, t.Available, t.Rows, t.Quarantined, nullableInt(t.Read), nullableInt(t.Fixed)})
		}
		asOf, err := nullableDate(m.AsOf)
		if err != nil {
			return fmt.Errorf("recording run %s: %w", m.RunID, err)
		}
		runs = append(runs, []driver.Value{m.RunID, m.Pipeline, m.Trigger, m.Source, asOf, m.Started, nullableTime(m.Finished), m.Status,
			nullable(m.Error), rows, quarantined, nullableTime(m.ScheduledAt), int32(max(m.Attempt, 1))})
	}
	for _, s := range []string{
		`CREATE TABLE ops.runs (run_id VARCHAR PRIMARY KEY, pipeline VARCHAR, trigger VARCHAR, source VARCHAR,
			as_of DATE, started TIMESTAMPTZ, finished TIMESTAMPTZ, status VARCHAR, error VARCHAR,
			rows BIGINT, quarantined_rows BIGINT, scheduled_at TIMESTAMPTZ, attempt INTEGER)`,
		// read_rows = rows + quarantined_rows; fixed_rows are rows loaded
		// with a bad value emptied. Both NULL for runs older than them.
		`CREATE TABLE ops.run_tables (run_id VARCHAR, table_name VARCHAR, source VARCHAR, available BOOLEAN,
			rows BIGINT, quarantined_rows BIGINT, read_rows BIGINT, fixed_rows BIGINT, PRIMARY KEY (run_id, table_name))`,
	} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	if err := duck.Append(conn, "ops", "run_tables", tables); err != nil {
		return fmt.Errorf("recording the runs' tables: %w", err)
	}
	if err := duck.Append(conn, "ops", "runs", runs); err != nil {
		return fmt.Errorf("recording the runs: %w", err)
	}
	return nil
}

func nullableInt(n *int64) driver.Value {
	if n == nil {
		return nil
	}
	return *n
}

// nullableDate is a manifest's as-at date (YYYY-MM-DD) as a time, or nil.
func nullableDate(s string) (driver.Value, error) {
	if s == "" {
		return nil, nil
	}
	return time.Parse(time.DateOnly, s)
}
