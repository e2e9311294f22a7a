package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQueryCannotWriteOrReadFiles tries, through carewh query, every way
// SQL could write a file, change a database or read one outside the
// warehouse, and checks each is refused with DuckDB's reason (carewh's for
// a COPY DuckDB lets through its planning: to the warehouse itself or to
// the run ledger beside it, the one file outside it a reader may open) and
// leaves the warehouse and the ledger byte for byte as they were.
func TestQueryCannotWriteOrReadFiles(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	cfg := goldenConfigIn(t, data)
	if code, _, stderr := carewh(t, "run", "--config", cfg); code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	warehouse := filepath.Join(data, "warehouse.duckdb")
	secret := filepath.Join(data, "hmac.key")
	if err := os.WriteFile(secret, []byte("the-secret-key-0123456789abcdef0123456789"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.duckdb")
	copyFile(t, warehouse, other)
	exportDir := filepath.Join(dir, "exported")
	ledger := filepath.Join(data, "ledger", "runs.parquet")
	before := map[string]string{warehouse: sha(t, warehouse), other: sha(t, other), ledger: sha(t, ledger)}

	for _, c := range []struct{ sql, refusal string }{
		{fmt.Sprintf("COPY (SELECT 'x') TO '%s'", warehouse), "COPY is refused"},
		{fmt.Sprintf("COPY (SELECT 'x') TO '%s'", filepath.Join(dir, "out.csv")), "file system operations are disabled by configuration"},
		{fmt.Sprintf("COPY (SELECT 'x' AS run_id) TO '%s' (FORMAT parquet, USE_TMP_FILE false)", ledger), "COPY is refused"},
		{fmt.Sprintf("COPY (SELECT 'x' AS run_id) TO '%s' (FORMAT parquet)", ledger), "COPY is refused"},
		{fmt.Sprintf("EXPORT DATABASE '%s'", exportDir), "file system operations are disabled by configuration"},
		{fmt.Sprintf("ATTACH '%s' (READ_WRITE)", other), "file system operations are disabled by configuration"},
		{fmt.Sprintf("SELECT content FROM read_text('%s')", secret), "file system operations are disabled by configuration"},
		{"SELECT * FROM read_csv('/etc/passwd')", "file system operations are disabled by configuration"},
		{"SET enable_external_access = true", "the configuration has been locked"},
		{"SET lock_configuration = false", "the configuration has been locked"},
		{"RESET enable_external_access", "the configuration has been locked"},
		{"INSTALL httpfs", "file system operations are disabled by configuration"},
		{"LOAD httpfs", "Loading external extensions is disabled"},
		{"CREATE TABLE x AS SELECT 1", "read-only mode"},
		{"CREATE TABLE marts.x AS SELECT 1", "read-only mode"},
		{"DROP TABLE marts.board_kpis", "read-only mode"},
		{"ATTACH ':memory:' AS scratch", "read-only mode"},
	} {
		t.Run(c.sql, func(t *testing.T) {
			code, stdout, stderr := carewh(t, "query", "--config", cfg, c.sql)
			if code != 1 {
				t.Errorf("exit %d, want 1; stdout %q", code, stdout)
			}
			if !strings.Contains(stderr, c.refusal) {
				t.Errorf("refused without saying %q: %s", c.refusal, stderr)
			}
			if strings.Contains(stdout, "the-secret-key") || strings.Contains(stdout, "root:") {
				t.Errorf("a file's content reached the output: %s", stdout)
			}
		})
	}
	for path, want := range before {
		if got := sha(t, path); got != want {
			t.Errorf("%s changed", path)
		}
	}
	for _, p := range []string{exportDir, filepath.Join(dir, "out.csv")} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s was written", p)
		}
	}
	// The warehouse still answers.
	if code, stdout, stderr := carewh(t, "query", "--config", cfg, "--csv", "SELECT count(*) > 0 AS ok FROM marts.board_kpis"); code != 0 || stdout != "ok\ntrue\n" {
		t.Errorf("query after the refusals: exit %d, %q %s", code, stdout, stderr)
	}

	// Several statements: each result is printed, on one connection; a
	// refusal names the statement; --csv takes one.
	code, stdout, stderr := carewh(t, "query", "--config", cfg,
		"CREATE TEMP TABLE t AS SELECT 'a;b' AS v; SELECT v FROM t; SELECT count(*) > 0 AS ok FROM marts.board_kpis")
	for _, want := range []string{"-- statement 2 of 3: SELECT v FROM t", "a;b", "-- statement 3 of 3:", "true"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("several statements: exit %d, no %q in %q %s", code, want, stdout, stderr)
		}
	}
	code, _, stderr = carewh(t, "query", "--config", cfg, "SELECT 1; DROP TABLE marts.board_kpis")
	if code != 1 || !strings.Contains(stderr, "statement 2 of 2") || !strings.Contains(stderr, "read-only mode") {
		t.Errorf("a refused second statement: exit %d, %s", code, stderr)
	}
	code, _, stderr = carewh(t, "query", "--config", cfg, "--csv", "SELECT 1; SELECT 2")
	if code != 1 || !strings.Contains(stderr, "--csv prints one result") {
		t.Errorf("--csv with two statements: exit %d, %s", code, stderr)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
