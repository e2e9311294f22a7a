package pgwire

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jeroenrinzema/psql-wire/codes"
	psqlerr "github.com/jeroenrinzema/psql-wire/errors"
)

// errNotAQuery is what a statement DuckDB cannot serialize as a SELECT is.
var errNotAQuery = errors.New("not a query")

// catalogSchemas are the schemas of PostgreSQL's and the SQL standard's
// catalogs: every user may read them, filtered to what it may see.
var catalogSchemas = []string{"pg_catalog", "information_schema"}

// tableFunctions are the table functions a user may call: none reads a
// file, a setting or another schema.
var tableFunctions = []string{"range", "generate_series", "unnest", "generate_subscripts"}

// catalogViews are the catalog relations whose rows name schemas, with
// the condition that keeps only those of the schemas in %[1]s (a quoted
// list).
var catalogViews = map[string]string{
	"information_schema.schemata":          "schema_name IN (%[1]s)",
	"information_schema.tables":            "table_schema IN (%[1]s)",
	"information_schema.columns":           "table_schema IN (%[1]s)",
	"information_schema.views":             "table_schema IN (%[1]s)",
	"information_schema.table_constraints": "table_schema IN (%[1]s)",
	"information_schema.key_column_usage":  "table_schema IN (%[1]s)",
	"pg_catalog.pg_namespace":              "nspname IN (%[1]s)",
	"pg_catalog.pg_tables":                 "schemaname IN (%[1]s)",
	"pg_catalog.pg_views":                  "schemaname IN (%[1]s)",
	"pg_catalog.pg_class":                  "relnamespace IN (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname IN (%[1]s))",
	"pg_catalog.pg_attribute": "attrelid IN (SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n " +
		"ON n.oid = c.relnamespace WHERE n.nspname IN (%[1]s))",
}

// authorize reads query as DuckDB parses it and returns the SQL to run:
// errNotAQuery for a statement that is not a SELECT; an error with
// SQLSTATE 42501 for one that reads a schema u may not read or calls a
// table function (which could read files or other schemas); else the query
// with each catalog relation narrowed to the schemas u may see.
func authorize(ctx context.Context, conn *sql.Conn, u User, query string, r *rewrites) (string, error) {
	var text string
	if err := conn.QueryRowContext(ctx, `SELECT json_serialize_sql(?::VARCHAR)::VARCHAR`, query).Scan(&text); err != nil {
		return "", err
	}
	var tree map[string]any
	if err := decodeExact(text, &tree); err != nil {
		return "", err
	}
	if tree["error"] == true {
		return "", errNotAQuery
	}
	visible := append(u.Schemas(), catalogSchemas...)
	filters, values := r.filters, r.constants
	var refused error
	tree = rewrite(tree, func(node map[string]any) map[string]any {
		if name, ok := constantCall(node); ok {
			if v, ok := values[name]; ok {
				return withAlias(v, node, name)
			}
		}
		switch node["type"] {
		case "BASE_TABLE":
			schema, _ := node["schema_name"].(string)
			table, _ := node["table_name"].(string)
			if filter, ok := filters[catalogName(schema, table)]; ok {
				return withAlias(filter, node, table)
			}
			if schema != "" && !slices.Contains(visible, schema) {
				refused = privilegeError("schema %s is not yours to read (you may read %s)", schema, strings.Join(u.Schemas(), ", "))
			}
		case "TABLE_FUNCTION":
			fn, _ := node["function"].(map[string]any)
			name, _ := fn["function_name"].(string)
			if !slices.Contains(tableFunctions, name) {
				refused = privilegeError("the table function %s is not allowed here", name)
			}
		}
		return nil
	})
	if refused != nil {
		return "", refused
	}
	out, err := json.Marshal(tree)
	if err != nil {
		return "", err
	}
	var sqlText string
	err = conn.QueryRowContext(ctx, `SELECT json_deserialize_sql(?::JSON)`, string(out)).Scan(&sqlText)
	return sqlText, err
}

// catalogName is the key of catalogViews a relation would be, unqualified
// names resolving to pg_catalog as DuckDB's search path does.
func catalogName(schema, table string) string {
	if schema == "" {
		schema = "pg_catalog"
	}
	return schema + "." + table
}

// catalogFilters serializes, for each catalog view, a subquery keeping the
// visible schemas' rows, as the FROM node that replaces the view.
func catalogFilters(ctx context.Context, conn *sql.Conn, visible []string) (map[string]map[string]any, error) {
	quoted := make([]string, len(visible))
	for i, s := range visible {
		quoted[i] = "'" + s + "'"
	}
	out := map[string]map[string]any{}
	for view, cond := range catalogViews {
		q := fmt.Sprintf("SELECT * FROM (SELECT * FROM %s WHERE %s) AS t", view, fmt.Sprintf(cond, strings.Join(quoted, ", ")))
		var text string
		if err := conn.QueryRowContext(ctx, `SELECT json_serialize_sql(?::VARCHAR)::VARCHAR`, q).Scan(&text); err != nil {
			return nil, err
		}
		var tree struct {
			Statements []struct {
				Node struct {
					FromTable map[string]any `json:"from_table"`
				} `json:"node"`
			} `json:"statements"`
		}
		if err := decodeExact(text, &tree); err != nil || len(tree.Statements) != 1 {
			return nil, fmt.Errorf("serializing the catalog filter of %s: %v", view, err)
		}
		out[view] = tree.Statements[0].Node.FromTable
	}
	return out, nil
}

// withAlias is a copy of filter under the alias the replaced relation had
// (its own name when it had none), so the query's references still bind.
func withAlias(filter, replaced map[string]any, table string) map[string]any {
	data, _ := json.Marshal(filter)
	var node map[string]any
	decodeExact(string(data), &node)
	alias, _ := replaced["alias"].(string)
	if alias == "" {
		alias = table
	}
	node["alias"] = alias
	return node
}

// rewrite walks a parse tree, replacing each object for which replace
// returns a node; a replacement is not walked again.
func rewrite(tree map[string]any, replace func(map[string]any) map[string]any) map[string]any {
	var walk func(any) any
	walk = func(v any) any {
		switch n := v.(type) {
		case map[string]any:
			if r := replace(n); r != nil {
				return r
			}
			for k, child := range n {
				n[k] = walk(child)
			}
		case []any:
			for i, child := range n {
				n[i] = walk(child)
			}
		}
		return v
	}
	return walk(tree).(map[string]any)
}

// privilegeError is a refusal with SQLSTATE 42501.
func privilegeError(format string, args ...any) error {
	return psqlerr.WithCode(fmt.Errorf(format, args...), codes.InsufficientPrivilege)
}

// constantCall names the PostgreSQL function or keyword a node calls with
// no arguments (version(), current_schema(), current_user …), if it does.
func constantCall(node map[string]any) (string, bool) {
	switch node["class"] {
	case "FUNCTION":
		name, _ := node["function_name"].(string)
		schema, _ := node["schema"].(string)
		args, _ := node["children"].([]any)
		_, anyArgs := ownerFunctions[name]
		return name, (len(args) == 0 || anyArgs) && (schema == "" || schema == "pg_catalog")
	case "COLUMN_REF":
		names, _ := node["column_names"].([]any)
		if len(names) == 1 {
			name, _ := names[0].(string)
			return name, name == "current_user" || name == "session_user" || name == "user"
		}
	}
	return "", false
}

// constantNodes serializes each constant a PostgreSQL function answers as
// a parse-tree node, by the function's name.
func constantNodes(ctx context.Context, conn *sql.Conn, constants map[string]string) (map[string]map[string]any, error) {
	out := map[string]map[string]any{}
	for name, value := range constants {
		var text string
		q := "SELECT '" + strings.ReplaceAll(value, "'", "''") + "'"
		if err := conn.QueryRowContext(ctx, `SELECT json_serialize_sql(?::VARCHAR)::VARCHAR`, q).Scan(&text); err != nil {
			return nil, err
		}
		var tree struct {
			Statements []struct {
				Node struct {
					SelectList []map[string]any `json:"select_list"`
				} `json:"node"`
			} `json:"statements"`
		}
		if err := decodeExact(text, &tree); err != nil || len(tree.Statements) != 1 || len(tree.Statements[0].Node.SelectList) != 1 {
			return nil, fmt.Errorf("serializing the constant %s: %v", name, err)
		}
		out[name] = tree.Statements[0].Node.SelectList[0]
	}
	return out, nil
}

// decodeExact decodes JSON keeping numbers as written: a parse tree's
// positions are 64-bit unsigned integers, which a float would round.
func decodeExact(text string, v any) error {
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	return d.Decode(v)
}

// rewrites are the parse-tree nodes authorize puts into a user's queries:
// each catalog view narrowed to the schemas the user may see, and the
// constants PostgreSQL's session functions answer. They depend on the user
// alone, so each is serialized once per user, not for every query.
type rewrites struct{ filters, constants map[string]map[string]any }

// rewritesFor returns u's rewrites, serializing them on first use.
func (s *Server) rewritesFor(ctx context.Context, conn *sql.Conn, u User) (*rewrites, error) {
	key := u.Name + "\x00" + strings.Join(u.Schemas(), ",")
	if r, ok := s.rewrites.Load(key); ok {
		return r.(*rewrites), nil
	}
	filters, err := catalogFilters(ctx, conn, append(u.Schemas(), catalogSchemas...))
	if err != nil {
		return nil, err
	}
	constants, err := constantNodes(ctx, conn, s.constants(u))
	if err != nil {
		return nil, err
	}
	r := &rewrites{filters: filters, constants: constants}
	s.rewrites.Store(key, r)
	return r, nil
}
