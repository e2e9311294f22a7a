package warehouse

import (
	"context"
	"database/sql"
	"errors"

	"carewh/config"
	"carewh/pipelines/duck"
)

// writer is the warehouse file a build writes, open on one connection.
type writer struct {
	path     string
	settings config.DuckDB
	db       *sql.DB
	conn     *sql.Conn
}

func (w *writer) open(ctx context.Context) error {
	db, err := duck.Open(w.path, w.settings, false)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return err
	}
	w.db, w.conn = db, conn
	return nil
}

// close closes the connection and the database, which checkpoints it.
func (w *writer) close() error {
	var errs []error
	if w.conn != nil {
		errs = append(errs, w.conn.Close())
		w.conn = nil
	}
	if w.db != nil {
		errs = append(errs, w.db.Close())
		w.db = nil
	}
	return errors.Join(errs...)
}

// reopen closes the database and opens it again: a fresh DuckDB instance,
// without what a long build leaves the old one holding.
func (w *writer) reopen(ctx context.Context) error {
	if err := w.close(); err != nil {
		return err
	}
	return w.open(ctx)
}
