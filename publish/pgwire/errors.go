package pgwire

import (
	"context"
	"errors"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/jeroenrinzema/psql-wire/codes"
	psqlerr "github.com/jeroenrinzema/psql-wire/errors"
)

// pgError gives a DuckDB error the SQLSTATE a PostgreSQL client expects,
// keeping DuckDB's words: a write refused by the read-only warehouse is
// 25006, a file or setting refused by the locked configuration 42501.
func pgError(err error) error {
	if err == nil || psqlerr.GetCode(err) != codes.Uncategorized {
		return err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return psqlerr.WithCode(errors.New("the query ran longer than serve.sql.query_timeout and was cancelled"), codes.QueryCanceled)
	}
	if errors.Is(err, context.Canceled) {
		return psqlerr.WithCode(err, codes.QueryCanceled)
	}
	msg := err.Error()
	lower := strings.ToLower(msg)
	switch {
	case strings.Contains(lower, "read-only") || strings.Contains(lower, "read only"):
		return psqlerr.WithCode(err, codes.ReadOnlySQLTransaction)
	case strings.Contains(lower, "configuration has been locked") || strings.Contains(lower, "disabled by configuration") ||
		strings.Contains(lower, "external access"):
		return psqlerr.WithCode(err, codes.InsufficientPrivilege)
	}
	var de *duckdb.Error
	if !errors.As(err, &de) {
		return psqlerr.WithCode(err, codes.Internal)
	}
	code, ok := duckdbCodes[de.Type]
	if !ok {
		code = codes.Internal
	}
	return psqlerr.WithCode(err, code)
}

var duckdbCodes = map[duckdb.ErrorType]codes.Code{
	duckdb.ErrorTypePermission:           codes.InsufficientPrivilege,
	duckdb.ErrorTypeParser:               codes.Syntax,
	duckdb.ErrorTypeSyntax:               codes.Syntax,
	duckdb.ErrorTypeCatalog:              codes.UndefinedTable,
	duckdb.ErrorTypeBinder:               codes.UndefinedColumn,
	duckdb.ErrorTypeConversion:           codes.InvalidTextRepresentation,
	duckdb.ErrorTypeInvalidInput:         codes.InvalidParameterValue,
	duckdb.ErrorTypeDivideByZero:         codes.DivisionByZero,
	duckdb.ErrorTypeOutOfRange:           codes.NumericValueOutOfRange,
	duckdb.ErrorTypeInterrupt:            codes.QueryCanceled,
	duckdb.ErrorTypeOutOfMemory:          codes.OutOfMemory,
	duckdb.ErrorTypeNotImplemented:       codes.FeatureNotSupported,
	duckdb.ErrorTypeParameterNotResolved: codes.IndeterminateDatatype,
	duckdb.ErrorTypeInvalidConfiguration: codes.InsufficientPrivilege,
	duckdb.ErrorTypeSettings:             codes.InsufficientPrivilege,
	duckdb.ErrorTypeMissingExtension:     codes.InsufficientPrivilege,
	duckdb.ErrorTypeAutoLoad:             codes.InsufficientPrivilege,
	duckdb.ErrorTypeTransaction:          codes.ReadOnlySQLTransaction,
	duckdb.ErrorTypeMismatchType:         codes.DatatypeMismatch,
	duckdb.ErrorTypeParameterNotAllowed:  codes.Syntax,
}
