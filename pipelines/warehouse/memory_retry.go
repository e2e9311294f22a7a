package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"carewh/pipelines/models"
)

// onOneThreadIfOutOfMemory runs build, which makes model m; when DuckDB
// runs out of memory it checkpoints, which writes the tables built so far
// out of memory, and tries once more on one thread, which holds one
// thread's hash tables and sort runs instead of one per thread: slower for
// that model, but within the memory limit where two threads were not (at
// 150 councils with memory_limit 1GB, core.tracker_placements).
func (b *Build) onOneThreadIfOutOfMemory(ctx context.Context, conn *sql.Conn, m models.Model, build func() error) error {
	err := build()
	if !isOutOfMemory(err) || ctx.Err() != nil {
		return err
	}
	b.Log.WarnContext(ctx, "a model ran out of DuckDB memory: checkpointing and trying it again on one thread",
		"model", m.Name, "memory_limit", b.Config.DuckDB.MemoryLimit, "error", err)
	for _, stmt := range []string{"CHECKPOINT", "SET threads = 1"} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("retrying %s on one thread: %w", m.Name, err)
		}
	}
	retryErr := build()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET threads = %d", b.Config.DuckDB.Threads)); err != nil {
		return errors.Join(retryErr, err)
	}
	return retryErr
}

func isOutOfMemory(err error) bool {
	var duckErr *duckdb.Error
	return errors.As(err, &duckErr) && duckErr.Type == duckdb.ErrorTypeOutOfMemory
}
