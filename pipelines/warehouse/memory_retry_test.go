package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"carewh/config"
	"carewh/pipelines/models"
)

var errOutOfMemory = &duckdb.Error{Type: duckdb.ErrorTypeOutOfMemory, Msg: "Out of Memory Error: could not allocate block"}

// TestOutOfMemoryRetriesOnOneThread: a model that runs out of DuckDB memory
// is built again once, on one thread — in the full build on the warehouse
// file opened again, which still holds what was built before — and the
// connection goes back to its thread count after; any other error is not
// retried.
func TestOutOfMemoryRetriesOnOneThread(t *testing.T) {
	ctx := context.Background()
	settings := config.DuckDB{MemoryLimit: "1GB", Threads: 2}
	for _, reopen := range []bool{false, true} {
		w := &writer{path: filepath.Join(t.TempDir(), "w.duckdb"), settings: settings}
		if err := w.open(ctx); err != nil {
			t.Fatal(err)
		}
		defer w.close()
		b := &Build{Config: &config.Config{DuckDB: settings}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), writer: w}
		first := w.conn
		if _, err := first.ExecContext(ctx, "CREATE TABLE built AS SELECT 1 AS x"); err != nil {
			t.Fatal(err)
		}
		threads := func(conn *sql.Conn) int {
			var n, built int
			if err := conn.QueryRowContext(ctx, "SELECT current_setting('threads'), (SELECT count(*) FROM built)").Scan(&n, &built); err != nil || built != 1 {
				t.Fatalf("threads, or what was built before: %v (%d rows)", err, built)
			}
			return n
		}
		var calls []int
		conn, err := b.retryOutOfMemory(ctx, first, models.Model{Name: "core.x"}, reopen, func(c *sql.Conn) error {
			calls = append(calls, threads(c))
			if len(calls) == 1 {
				return errOutOfMemory
			}
			return nil
		})
		if err != nil || len(calls) != 2 || calls[0] != 2 || calls[1] != 1 {
			t.Errorf("reopen %v: error %v, threads of each try %v, want no error and [2 1]", reopen, err, calls)
		}
		if reopen != (conn != first) || conn != w.conn {
			t.Errorf("reopen %v: went on with a new connection %v, the writer's %v", reopen, conn != first, conn == w.conn)
		}
		if got := threads(conn); got != 2 {
			t.Errorf("reopen %v: threads after the retry = %d, want 2", reopen, got)
		}

		other := errors.New("Binder Error: no such column")
		calls = nil
		_, err = b.retryOutOfMemory(ctx, conn, models.Model{Name: "core.x"}, reopen, func(c *sql.Conn) error { calls = append(calls, threads(c)); return other })
		if !errors.Is(err, other) || len(calls) != 1 {
			t.Errorf("reopen %v, another error: %v after %d tries, want it after 1", reopen, err, len(calls))
		}
	}
}
