package pgwire

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestPgxReadsMarts: pgx (extended protocol, binary results) logs in,
// lists the tables as its tools do, reads board_kpis, runs a query with a
// parameter, and is refused a write, a file read and another schema, each
// with the SQLSTATE PostgreSQL would give; a user granted ops reads the run
// ledger's views.
func TestPgxReadsMarts(t *testing.T) {
	e := startEndpoint(t)
	ctx := context.Background()
	conn := e.connect(t, "analyst", analystPassword)
	var version string
	if err := conn.QueryRow(ctx, "SELECT version()").Scan(&version); err != nil || !strings.HasPrefix(version, "PostgreSQL 15.0 (carewh") {
		t.Errorf("version(): %q, %v", version, err)
	}
	rows, err := conn.Query(ctx, "SELECT table_schema, table_name FROM information_schema.tables ORDER BY 1, 2")
	if err != nil {
		t.Fatal(err)
	}
	schemas := map[string]int{}
	for rows.Next() {
		var schema, table string
		if err := rows.Scan(&schema, &table); err != nil {
			t.Fatal(err)
		}
		schemas[schema]++
	}
	if rows.Err() != nil || schemas["marts"] == 0 || schemas["core"] != 0 || schemas["ops"] != 0 {
		t.Errorf("information_schema.tables for analyst: %v (%v)", schemas, rows.Err())
	}
	var n int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM marts.board_kpis WHERE reporting_year = $1", "2023-24").Scan(&n); err != nil || n == 0 {
		t.Errorf("board_kpis with a parameter: %d rows, %v", n, err)
	}
	for _, c := range []struct{ sql, code string }{
		{"INSERT INTO marts.board_kpis (kpi_code) VALUES ('x')", "25006"},
		{"COPY (SELECT 1) TO '/tmp/carewh-pgwire-test.csv'", "42501"},
		{"SET enable_external_access = true", "42501"},
		{"INSTALL httpfs", "42501"},
		{"SELECT content FROM read_text('hmac.key')", "42501"},
		{"SELECT * FROM read_csv('/etc/passwd')", "42501"},
		{"SELECT count(*) FROM core.periods_of_care", "42501"},
		{"ATTACH '/tmp/x.duckdb' AS x", "25006"},
	} {
		_, err := conn.Exec(ctx, c.sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != c.code {
			t.Errorf("%s: %v, want SQLSTATE %s", c.sql, err, c.code)
		}
	}
	auditor := e.connect(t, "auditor", auditorPassword)
	if err := auditor.QueryRow(ctx, "SELECT count(*) FROM core.periods_of_care").Scan(&n); err != nil || n == 0 {
		t.Errorf("auditor reading core: %d, %v", n, err)
	}
	// The run ledger is views of files beside the warehouse: a user granted
	// ops reads and lists them; none may read the files themselves.
	var listed int64
	if err := auditor.QueryRow(ctx, `SELECT (SELECT count(*) FROM ops.runs r JOIN ops.run_tables USING (run_id)),
		(SELECT count(*) FROM information_schema.tables WHERE table_schema = 'ops' AND table_name IN ('runs', 'run_tables', 'disclosures'))`).
		Scan(&n, &listed); err != nil || n == 0 || listed != 3 {
		t.Errorf("auditor reading the run ledger: %d rows, %d views listed, %v", n, listed, err)
	}
	for _, c := range []struct {
		conn *pgx.Conn
		sql  string
	}{
		{conn, "SELECT count(*) FROM ops.runs"},
		{auditor, fmt.Sprintf("SELECT count(*) FROM read_parquet('%s')", filepath.Join(e.cfg.DataDir, "ledger", "runs.parquet"))},
	} {
		_, err := c.conn.Exec(ctx, c.sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
			t.Errorf("%s: %v, want SQLSTATE 42501", c.sql, err)
		}
	}
}
