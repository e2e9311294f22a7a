package pgwire

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"
	wire "github.com/jeroenrinzema/psql-wire"
	"github.com/jeroenrinzema/psql-wire/codes"
	psqlerr "github.com/jeroenrinzema/psql-wire/errors"

	"carewh/internal/sqltext"
)

// parse turns a client's SQL into prepared statements: session commands
// answered by carewh, and queries authorized for the user, described by
// DuckDB (columns and parameters) and run when the client executes them.
func (s *Server) parse(ctx context.Context, q wire.Query) (wire.PreparedStatements, error) {
	u, sess := userOf(ctx), sessionOf(ctx)
	var out wire.PreparedStatements
	for _, text := range sqltext.Split(q.Query) {
		stmt, err := s.prepare(ctx, u, sess, text, q.ParameterOIDs)
		if err != nil {
			s.metrics.refusal(err)
			return nil, err
		}
		out = append(out, stmt)
	}
	if len(out) == 0 {
		out = append(out, wire.NewStatement(func(ctx context.Context, w wire.DataWriter, _ []wire.Parameter) error {
			return w.Empty()
		}))
	}
	return out, nil
}

// prepared is a query ready to run: its authorized SQL, its columns and
// its parameters' DuckDB types.
type prepared struct {
	sql     string
	columns []pgType
	params  []duckdb.Type
}

func (s *Server) prepare(ctx context.Context, u User, sess *session, text string, oids []uint32) (*wire.PreparedStatement, error) {
	if cmd, ok, err := sess.statement(text); ok || err != nil {
		if err != nil && psqlerr.GetCode(err) == codes.Uncategorized {
			err = psqlerr.WithCode(err, codes.UndefinedObject)
		}
		if err != nil {
			return nil, err
		}
		return sessionStatement(cmd), nil
	}
	p, cols, err := s.describe(ctx, u, toDuckDB(text))
	if err != nil {
		return nil, err
	}
	paramOIDs := make([]uint32, len(p.params))
	for i, t := range p.params {
		paramOIDs[i] = pgtype.TextOID
		if i < len(oids) && oids[i] != 0 {
			paramOIDs[i] = oids[i]
		} else if t != duckdb.TYPE_ANY && t != duckdb.TYPE_INVALID {
			paramOIDs[i] = typeOf(simpleType(t)).oid
		}
	}
	run := func(ctx context.Context, w wire.DataWriter, params []wire.Parameter) error {
		return s.metrics.timed(func() error { return pgError(s.execute(ctx, p, paramOIDs, w, params)) })
	}
	return wire.NewStatement(run, wire.WithColumns(cols), wire.WithParameters(paramOIDs)), nil
}

// describe authorizes a query and has DuckDB prepare it, to learn its
// columns and parameters.
func (s *Server) describe(ctx context.Context, u User, text string) (prepared, wire.Columns, error) {
	snap, err := s.snaps.acquire()
	if err != nil {
		return prepared{}, nil, psqlerr.WithCode(err, codes.ConnectionFailure)
	}
	defer s.snaps.release(snap)
	conn, err := snap.db.Conn(ctx)
	if err != nil {
		return prepared{}, nil, pgError(err)
	}
	defer conn.Close()
	r, err := s.rewritesFor(ctx, conn, u)
	if err != nil {
		return prepared{}, nil, pgError(err)
	}
	query, err := authorize(ctx, conn, u, text, r)
	if errors.Is(err, errNotAQuery) {
		return prepared{}, nil, notAQuery(ctx, conn, text)
	}
	if err != nil {
		return prepared{}, nil, pgError(err)
	}
	p := prepared{sql: query}
	var cols wire.Columns
	err = conn.Raw(func(dc any) error {
		st, err := dc.(driver.ConnPrepareContext).PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		defer st.Close()
		ds := st.(*duckdb.Stmt)
		n, err := ds.ColumnCount()
		if err != nil {
			return err
		}
		for i := range n {
			name, _ := ds.ColumnName(i)
			info, err := ds.ColumnTypeInfo(i)
			if err != nil {
				return err
			}
			t := typeOf(info)
			p.columns = append(p.columns, t)
			cols = append(cols, wire.Column{Name: name, Oid: t.oid, Width: -1})
		}
		for i := range ds.NumInput() {
			t, _ := ds.ParamType(i + 1)
			p.params = append(p.params, t)
		}
		return nil
	})
	return p, cols, pgError(err)
}

// notAQuery refuses a statement that is not a SELECT with DuckDB's own
// reason when preparing it fails (a write on the read-only warehouse, a
// file or setting the locked configuration refuses), else with carewh's.
func notAQuery(ctx context.Context, conn *sql.Conn, text string) error {
	err := conn.Raw(func(dc any) error {
		st, err := dc.(driver.ConnPrepareContext).PrepareContext(ctx, text)
		if err != nil {
			return err
		}
		defer st.Close()
		kind, _ := st.(*duckdb.Stmt).StatementType()
		if kind == duckdb.STATEMENT_TYPE_SELECT {
			return privilegeError("this form of query is not allowed here: write it as SELECT … FROM …")
		}
		verb := strings.ToUpper(strings.Fields(text)[0])
		if slices.Contains(writeVerbs, verb) {
			return psqlerr.WithCode(fmt.Errorf("the warehouse is read-only: %s is refused", verb), codes.ReadOnlySQLTransaction)
		}
		return privilegeError("the SQL endpoint runs queries only: %s is refused", verb)
	})
	return pgError(err)
}

// writeVerbs start the statements that would change the warehouse.
var writeVerbs = []string{"INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "CREATE", "DROP", "ALTER", "ATTACH", "DETACH",
	"COPY", "CHECKPOINT", "FORCE", "VACUUM", "COMMENT", "IMPORT"}

// execute runs a prepared query on the warehouse as it is now, streaming
// its rows, within the query timeout and the result limits.
func (s *Server) execute(ctx context.Context, p prepared, oids []uint32, w wire.DataWriter, params []wire.Parameter) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeoutDuration())
	defer cancel()
	args, err := arguments(p, oids, params)
	if err != nil {
		return err
	}
	snap, err := s.snaps.acquire()
	if err != nil {
		return psqlerr.WithCode(err, codes.ConnectionFailure)
	}
	defer s.snaps.release(snap)
	rows, err := snap.db.QueryContext(ctx, p.sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if cols, _ := rows.Columns(); len(cols) != len(p.columns) {
		return psqlerr.WithCode(errors.New("the warehouse changed since the statement was prepared: prepare it again"), codes.InvalidSQLStatementName)
	}
	values := make([]any, len(p.columns))
	ptrs := make([]any, len(values))
	for i := range values {
		ptrs[i] = &values[i]
	}
	var n, bytes int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		out := make([]any, len(values))
		for i, v := range values {
			out[i] = p.columns[i].convert(v)
			bytes += size(out[i])
		}
		if n++; n > s.cfg.MaxRows || bytes > s.cfg.MaxBytes {
			return psqlerr.WithCode(fmt.Errorf("the result is larger than serve.sql.max_rows (%d) or max_bytes (%d): narrow the query (WHERE, LIMIT, or aggregate)",
				s.cfg.MaxRows, s.cfg.MaxBytes), codes.ProgramLimitExceeded)
		}
		if err := w.Row(out); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return w.Complete(fmt.Sprintf("SELECT %d", n))
}

// size is roughly how many bytes a value takes on the wire.
func size(v any) int64 {
	switch t := v.(type) {
	case string:
		return int64(len(t)) + 4
	case []*string:
		var n int64
		for _, s := range t {
			if s != nil {
				n += int64(len(*s)) + 4
			}
		}
		return n + 20
	}
	return 12
}

// sessionStatement is the prepared form of a command carewh answers.
func sessionStatement(cmd sessionCommand) *wire.PreparedStatement {
	var opts []wire.PreparedOptionFn
	if cmd.column != "" {
		opts = append(opts, wire.WithColumns(wire.Columns{{Name: cmd.column, Oid: pgtype.TextOID, Width: -1}}))
	}
	return wire.NewStatement(func(ctx context.Context, w wire.DataWriter, _ []wire.Parameter) error {
		for _, r := range cmd.rows {
			if err := w.Row(r); err != nil {
				return err
			}
		}
		return w.Complete(cmd.tag)
	}, opts...)
}

// constants are what carewh answers for PostgreSQL's functions of the
// session, which DuckDB answers for itself or not at all: drivers and BI
// tools read the server's version from version() and their user from
// current_user.
func (s *Server) constants(u User) map[string]string {
	constants := map[string]string{
		"version":          "PostgreSQL " + serverVersion + " (carewh " + s.version + ", read-only DuckDB warehouse)",
		"current_schema":   "marts",
		"current_user":     u.Name,
		"session_user":     u.Name,
		"user":             u.Name,
		"current_database": "carewh",
	}
	for name, v := range ownerFunctions {
		constants[name] = v
	}
	return constants
}
