package warehouse

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"carewh/config"
	"carewh/pipelines/duck"
	"carewh/pipelines/models"
)

// TestOutOfMemoryRetriesOnOneThread: a model that runs out of DuckDB memory
// is built again once, on one thread, and the connection goes back to its
// thread count after; any other error is not retried.
func TestOutOfMemoryRetriesOnOneThread(t *testing.T) {
	settings := config.DuckDB{MemoryLimit: "1GB", Threads: 2}
	ctx := context.Background()
	db, conn, err := duck.OpenConn(ctx, ":memory:", settings)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	defer conn.Close()
	b := &Build{Config: &config.Config{DuckDB: settings}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	threads := func() int {
		var n int
		if err := conn.QueryRowContext(ctx, "SELECT current_setting('threads')").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	m := models.Model{Name: "core.x"}

	var calls []int
	err = b.onOneThreadIfOutOfMemory(ctx, conn, m, func() error {
		calls = append(calls, threads())
		if len(calls) == 1 {
			return &duckdb.Error{Type: duckdb.ErrorTypeOutOfMemory, Msg: "Out of Memory Error: could not allocate block"}
		}
		return nil
	})
	if err != nil || len(calls) != 2 || calls[0] != 2 || calls[1] != 1 {
		t.Errorf("out of memory: error %v, threads of each try %v, want no error and [2 1]", err, calls)
	}
	if got := threads(); got != 2 {
		t.Errorf("threads after the retry = %d, want 2", got)
	}

	other := errors.New("Binder Error: no such column")
	calls = nil
	err = b.onOneThreadIfOutOfMemory(ctx, conn, m, func() error { calls = append(calls, threads()); return other })
	if !errors.Is(err, other) || len(calls) != 1 {
		t.Errorf("another error: %v after %d tries, want it after 1", err, len(calls))
	}
}
