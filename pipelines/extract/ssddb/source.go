package ssddb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/pipelines/extract"
)

// Options configure a Source.
type Options struct {
	// URL names the server, database and user: postgres://… or
	// sqlserver://…. A password in it is used, but the config never holds
	// one: see Password.
	URL string
	// Password, if set, is used instead of the URL's (see PasswordFromEnv).
	Password string
	// Schema holds the tables; empty means public (PostgreSQL) or dbo
	// (SQL Server).
	Schema string
	// Tables overrides table names: canonical table → table name.
	Tables map[string]string
	// Columns overrides column names: canonical table → canonical column →
	// column name.
	Columns map[string]map[string]string
	// BatchRows is how many rows each batch holds (default 65536).
	BatchRows int
	// ConnectTimeout bounds each connection attempt (default 30s);
	// QueryTimeout each table's query, from start to last row (default 30m).
	ConnectTimeout, QueryTimeout time.Duration
	// Retries is how many times a transient failure is retried after the
	// first attempt. Backoff is the first wait (default 1s), doubling up to
	// MaxBackoff (default 1m), each less a random jitter of up to half.
	Retries             int
	Backoff, MaxBackoff time.Duration
	// Log receives a warning for each failed attempt; nil discards.
	Log *slog.Logger
}

// Source reads SSD tables from one database.
type Source struct {
	db           *sql.DB
	dialect      dialect
	host         string
	schema       string
	tables       map[string]string
	columns      map[string]map[string]string
	batchRows    int
	queryTimeout time.Duration
	retry        retryPolicy
	mem          memory.Allocator
	log          *slog.Logger
	closeOnce    sync.Once
	closeErr     error
}

// New connects to the database, retrying transient failures, so that a
// database that cannot be reached fails the run before anything is read.
func New(ctx context.Context, mem memory.Allocator, opts Options) (*Source, error) {
	u, err := url.Parse(opts.URL)
	if err != nil {
		return nil, fmt.Errorf("parsing database URL: %w", err)
	}
	d, err := dialectFor(u)
	if err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	if opts.Schema == "" {
		opts.Schema = d.defaultSchema()
	}
	conn, err := d.connector(u, opts.Password, opts.ConnectTimeout)
	if err != nil {
		return nil, err
	}
	s := &Source{
		db: sql.OpenDB(conn), dialect: d, host: hostOf(u), schema: opts.Schema,
		tables: opts.Tables, columns: opts.Columns, batchRows: opts.BatchRows,
		queryTimeout: opts.QueryTimeout, mem: mem, log: opts.Log,
		retry: retryPolicy{retries: opts.Retries, base: opts.Backoff, max: opts.MaxBackoff},
	}
	err = s.retry.do(ctx, d, s.log, "connecting to "+d.name(), s.host, func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, opts.ConnectTimeout)
		defer cancel()
		return s.db.PingContext(ctx)
	})
	if err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

func (o Options) withDefaults() Options {
	if o.BatchRows < 1 {
		o.BatchRows = 65536
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 30 * time.Second
	}
	if o.QueryTimeout <= 0 {
		o.QueryTimeout = 30 * time.Minute
	}
	if o.Retries < 0 {
		o.Retries = 0
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Minute
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// hostOf names the server for messages, never with the password.
func hostOf(u *url.URL) string {
	host := u.Host
	if host == "" {
		host = u.Query().Get("host") // a PostgreSQL socket folder
	}
	if host == "" {
		host = "localhost"
	}
	if u.Scheme == "sqlserver" && len(u.Path) > 1 {
		host += u.Path // a named instance
	}
	return host
}

// Open looks the table up in the catalog and starts its query, retrying
// transient failures until the first row has arrived.
func (s *Source) Open(ctx context.Context, table *canonical.Table, _ canonical.Quarantine) (extract.TableReader, error) {
	name := table.SourceFile
	if o := s.tables[table.Name]; o != "" {
		name = o
	}
	var reader *rowReader
	err := s.retry.do(ctx, s.dialect, s.log, "reading "+s.schema+"."+name, s.host, func(ctx context.Context) error {
		var err error
		reader, err = s.open(ctx, table, name)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", table.Name, err)
	}
	return reader, nil
}

func (s *Source) open(parent context.Context, table *canonical.Table, name string) (*rowReader, error) {
	ctx, cancel := context.WithTimeout(parent, s.queryTimeout)
	timedOut := func(err error) error {
		if parent.Err() == nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("query_timeout %s exceeded: %w", s.queryTimeout, err)
		}
		return err
	}
	rel, err := lookup(ctx, s.db, s.dialect, s.schema, name)
	if err != nil {
		cancel()
		return nil, timedOut(err)
	}
	p, err := planQuery(s.dialect, rel, table, s.columns[table.Name])
	if err != nil {
		cancel()
		return nil, err
	}
	s.log.DebugContext(parent, "querying source table", "table", table.Name, "query", p.query)
	rows, err := s.db.QueryContext(ctx, p.query)
	if err != nil {
		cancel()
		return nil, timedOut(fmt.Errorf("querying %s: %w", rel.qualified(), err))
	}
	r := newRowReader(parent, ctx, cancel, rows, table, rel, p, s)
	if err := r.prime(); err != nil {
		r.Release()
		return nil, fmt.Errorf("querying %s: %w", rel.qualified(), err)
	}
	return r, nil
}

// Close closes the database's connections; it is safe to call more than
// once.
func (s *Source) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.db.Close() })
	return s.closeErr
}
