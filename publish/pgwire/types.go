package pgwire

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"
)

// pgType is the PostgreSQL type a DuckDB column is sent as, and how a
// value scanned from DuckDB becomes one pgtype can encode in text or
// binary format.
type pgType struct {
	oid     uint32
	convert func(any) any
}

func same(v any) any { return v }

// typeOf maps a DuckDB column type to the PostgreSQL type drivers know.
// Types without a PostgreSQL twin travel as text.
func typeOf(info duckdb.TypeInfo) pgType {
	switch info.InternalType() {
	case duckdb.TYPE_BOOLEAN:
		return pgType{pgtype.BoolOID, same}
	case duckdb.TYPE_TINYINT, duckdb.TYPE_SMALLINT, duckdb.TYPE_UTINYINT:
		return pgType{pgtype.Int2OID, toInt64}
	case duckdb.TYPE_INTEGER, duckdb.TYPE_USMALLINT:
		return pgType{pgtype.Int4OID, toInt64}
	case duckdb.TYPE_BIGINT, duckdb.TYPE_UINTEGER, duckdb.TYPE_UBIGINT, duckdb.TYPE_HUGEINT:
		return pgType{pgtype.Int8OID, toInt64}
	case duckdb.TYPE_FLOAT, duckdb.TYPE_DOUBLE, duckdb.TYPE_DECIMAL:
		return pgType{pgtype.Float8OID, toFloat64}
	case duckdb.TYPE_DATE:
		return pgType{pgtype.DateOID, same}
	case duckdb.TYPE_TIMESTAMP, duckdb.TYPE_TIMESTAMP_S, duckdb.TYPE_TIMESTAMP_MS, duckdb.TYPE_TIMESTAMP_NS:
		return pgType{pgtype.TimestampOID, same}
	case duckdb.TYPE_TIMESTAMP_TZ:
		return pgType{pgtype.TimestamptzOID, same}
	case duckdb.TYPE_VARCHAR, duckdb.TYPE_ENUM:
		return pgType{pgtype.TextOID, toText}
	case duckdb.TYPE_LIST, duckdb.TYPE_ARRAY:
		if child := listChild(info); child != nil && child.InternalType() == duckdb.TYPE_VARCHAR {
			return pgType{pgtype.TextArrayOID, toTextList}
		}
	}
	return pgType{pgtype.TextOID, toText}
}

func listChild(info duckdb.TypeInfo) duckdb.TypeInfo {
	switch d := info.Details().(type) {
	case *duckdb.ListDetails:
		return d.Child
	case *duckdb.ArrayDetails:
		return d.Child
	}
	return nil
}

func toInt64(v any) any {
	switch n := v.(type) {
	case int8:
		return int64(n)
	case int16:
		return int64(n)
	case int32:
		return int64(n)
	case uint8:
		return int64(n)
	case uint16:
		return int64(n)
	case uint32:
		return int64(n)
	case uint64:
		if n <= math.MaxInt64 {
			return int64(n)
		}
		return strconv.FormatUint(n, 10)
	case *big.Int:
		if n.IsInt64() {
			return n.Int64()
		}
		return n.String()
	}
	return v
}

func toFloat64(v any) any {
	switch n := v.(type) {
	case float32:
		return float64(n)
	case duckdb.Decimal:
		f, _ := new(big.Float).SetInt(n.Value).Float64()
		for range n.Scale {
			f /= 10
		}
		return f
	}
	return v
}

// toText writes a value with no PostgreSQL twin as text.
func toText(v any) any {
	switch t := v.(type) {
	case nil, string:
		return v
	case []byte:
		return string(t)
	case time.Time:
		return t.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}

func toTextList(v any) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	out := make([]*string, len(list))
	for i, e := range list {
		if e != nil {
			s := fmt.Sprint(e)
			out[i] = &s
		}
	}
	return out
}
