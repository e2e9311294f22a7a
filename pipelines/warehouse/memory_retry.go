package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"carewh/pipelines/models"
)

// retryOutOfMemory runs build, which makes model m, on conn. When DuckDB
// runs out of memory it tries once more, on one thread (one thread's hash
// tables and sort runs instead of one per thread), and returns the
// connection to go on with:
//   - with reopen, on the warehouse file opened again (b.writer.reopen): at
//     150 councils with memory_limit 1GB, three models that build within
//     1GB in a fresh DuckDB instance ran out of it late in a build, and a
//     checkpoint did not give the memory back;
//   - without (the incremental build, whose temp tables live on its
//     connection), after a checkpoint on the same connection.
func (b *Build) retryOutOfMemory(ctx context.Context, conn *sql.Conn, m models.Model, reopen bool, build func(*sql.Conn) error) (*sql.Conn, error) {
	err := build(conn)
	if !isOutOfMemory(err) || ctx.Err() != nil {
		return conn, err
	}
	b.Log.WarnContext(ctx, "a model ran out of DuckDB memory: trying it again on one thread",
		"model", m.Name, "memory_limit", b.Config.DuckDB.MemoryLimit, "reopened", reopen && b.writer != nil, "error", err)
	setup := []string{"CHECKPOINT", "SET threads = 1"}
	if reopen && b.writer != nil {
		if err := b.writer.reopen(ctx); err != nil {
			return conn, fmt.Errorf("reopening the warehouse to retry %s: %w", m.Name, err)
		}
		conn, setup = b.writer.conn, setup[1:]
	}
	for _, stmt := range setup {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return conn, fmt.Errorf("retrying %s on one thread: %w", m.Name, err)
		}
	}
	retryErr := build(conn)
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET threads = %d", b.Config.DuckDB.Threads)); err != nil {
		return conn, errors.Join(retryErr, err)
	}
	return conn, retryErr
}

func isOutOfMemory(err error) bool {
	var duckErr *duckdb.Error
	return errors.As(err, &duckErr) && duckErr.Type == duckdb.ErrorTypeOutOfMemory
}
