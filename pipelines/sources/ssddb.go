package sources

import (
	"context"
	"fmt"
	"time"

	"carewh/pipelines/extract"
	"carewh/pipelines/extract/ssddb"
)

// openSSDDB reads SSD tables from a PostgreSQL or SQL Server database. The
// password comes from CAREWH_SOURCE_PASSWORD or the file
// CAREWH_SOURCE_PASSWORD_FILE names, never from the config.
func openSSDDB(ctx context.Context, env Env) (extract.Source, error) {
	cfg := env.Config
	db := cfg.Source.Database
	password, err := ssddb.PasswordFromEnv(env.Getenv)
	if err != nil {
		return nil, err
	}
	connectTimeout, err := time.ParseDuration(db.ConnectTimeout)
	if err != nil {
		return nil, fmt.Errorf("source.database.connect_timeout: %w", err)
	}
	queryTimeout, err := time.ParseDuration(db.QueryTimeout)
	if err != nil {
		return nil, fmt.Errorf("source.database.query_timeout: %w", err)
	}
	return ssddb.New(ctx, env.Mem, ssddb.Options{
		URL: db.URL, Password: password, Schema: db.Schema, Tables: db.Tables,
		Columns: cfg.Source.Columns, BatchRows: cfg.Source.BatchRows,
		ConnectTimeout: connectTimeout, QueryTimeout: queryTimeout, Retries: db.Retries,
		Log: env.Log,
	})
}
