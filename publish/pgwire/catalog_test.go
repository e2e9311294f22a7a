package pgwire

import (
	"context"
	"strings"
	"testing"
)

// TestCatalogAndSession: what drivers ask on connect and BI navigators ask
// after: SET of a session parameter is kept and SHOW gives it back (JDBC
// sets extra_float_digits, Npgsql and psycopg2 ask SHOW server_version …);
// current_schema() is marts; pg_namespace, pg_class, pg_attribute and
// pg_type answer for the user's schemas only.
func TestCatalogAndSession(t *testing.T) {
	e := startEndpoint(t)
	ctx := context.Background()
	conn := e.connect(t, "analyst", analystPassword)
	if _, err := conn.Exec(ctx, "SET extra_float_digits = 3"); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"SHOW extra_float_digits":          "3",
		"SHOW server_version":              serverVersion,
		"SHOW transaction_read_only":       "on",
		"SELECT current_schema()":          "marts",
		"SELECT current_user":              "analyst",
		"SELECT current_database()":        "carewh",
		"SHOW standard_conforming_strings": "on",
	} {
		var got string
		if err := conn.QueryRow(ctx, q, pgxSimple).Scan(&got); err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", q, got, err, want)
		}
	}
	var schemas string
	err := conn.QueryRow(ctx, `SELECT string_agg(DISTINCT n.nspname, ',' ORDER BY n.nspname)
		FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
		WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')`).Scan(&schemas)
	if err != nil || schemas != "marts" {
		t.Errorf("the schemas pg_class and pg_attribute show: %q, %v", schemas, err)
	}
	var columns int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'board_kpis'").Scan(&columns); err != nil || columns < 10 {
		t.Errorf("board_kpis' columns: %d, %v", columns, err)
	}
	if _, err := conn.Exec(ctx, "SET memory_limit = '100GB'"); err == nil || !strings.Contains(err.Error(), "42501") {
		t.Errorf("SET of a warehouse setting: %v", err)
	}
}
