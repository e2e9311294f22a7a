package pgwire

import "regexp"

// PostgreSQL syntax DuckDB's parser does not take, as psql and JDBC
// drivers write it in their catalog queries, and what it means to DuckDB.
var dialect = []struct {
	pattern *regexp.Regexp
	with    string
}{
	// psql: n.nspname OPERATOR(pg_catalog.~) '^(marts)$'
	{regexp.MustCompile(`(?i)OPERATOR\s*\(\s*pg_catalog\s*\.\s*([~!<>=]+)\s*\)`), "$1"},
	// psql: c.reloftype::pg_catalog.regtype::pg_catalog.text
	{regexp.MustCompile(`(?i)::\s*pg_catalog\s*\.\s*`), "::"},
	// psql: … COLLATE pg_catalog.default (the only collation there is)
	{regexp.MustCompile(`(?i)\s+COLLATE\s+(?:pg_catalog\s*\.\s*)?"?(?:pg_catalog\.)?default"?`), ""},
}

// toDuckDB rewrites the PostgreSQL-only syntax of a client's query.
func toDuckDB(query string) string {
	for _, d := range dialect {
		query = d.pattern.ReplaceAllString(query, d.with)
	}
	return query
}

// ownerFunctions answer with a constant whatever their arguments:
// PostgreSQL functions of ownership and privilege that a read-only
// warehouse answers the same way for every object.
var ownerFunctions = map[string]string{
	"pg_get_userbyid": "carewh",
}
