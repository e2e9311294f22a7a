package pgwire

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"
	wire "github.com/jeroenrinzema/psql-wire"
	"github.com/jeroenrinzema/psql-wire/codes"
	psqlerr "github.com/jeroenrinzema/psql-wire/errors"
)

// simpleType is the TypeInfo of a parameter's (primitive) DuckDB type.
func simpleType(t duckdb.Type) duckdb.TypeInfo {
	info, err := duckdb.NewTypeInfo(t)
	if err != nil {
		info, _ = duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	}
	return info
}

// arguments decodes the client's parameter values: by the type the client
// declared, or, for text, into the type DuckDB expects, since DuckDB does
// not compare a number with a string.
func arguments(p prepared, oids []uint32, params []wire.Parameter) ([]any, error) {
	if len(params) != len(p.params) {
		return nil, psqlerr.WithCode(fmt.Errorf("the query has %d parameters, %d were given", len(p.params), len(params)), codes.ProtocolViolation)
	}
	args := make([]any, len(params))
	for i, param := range params {
		if param.Value() == nil {
			continue
		}
		if oids[i] != pgtype.TextOID && oids[i] != pgtype.VarcharOID {
			v, err := param.Scan(oids[i])
			if err != nil {
				return nil, psqlerr.WithCode(fmt.Errorf("parameter $%d: %w", i+1, err), codes.InvalidParameterValue)
			}
			args[i] = v
			continue
		}
		v, err := fromText(string(param.Value()), p.params[i])
		if err != nil {
			return nil, psqlerr.WithCode(fmt.Errorf("parameter $%d: %w", i+1, err), codes.InvalidTextRepresentation)
		}
		args[i] = v
	}
	return args, nil
}

// fromText reads a parameter sent as text as the DuckDB type it fills.
func fromText(s string, t duckdb.Type) (any, error) {
	switch t {
	case duckdb.TYPE_TINYINT, duckdb.TYPE_SMALLINT, duckdb.TYPE_INTEGER, duckdb.TYPE_BIGINT,
		duckdb.TYPE_UTINYINT, duckdb.TYPE_USMALLINT, duckdb.TYPE_UINTEGER:
		return strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	case duckdb.TYPE_FLOAT, duckdb.TYPE_DOUBLE, duckdb.TYPE_DECIMAL:
		return strconv.ParseFloat(strings.TrimSpace(s), 64)
	case duckdb.TYPE_BOOLEAN:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "t", "true", "y", "yes", "on", "1":
			return true, nil
		case "f", "false", "n", "no", "off", "0":
			return false, nil
		}
		return nil, fmt.Errorf("%q is not a boolean", s)
	case duckdb.TYPE_DATE:
		return time.Parse(time.DateOnly, strings.TrimSpace(s))
	}
	return s, nil
}
