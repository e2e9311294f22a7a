package ssddb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"carewh/canonical"
)

// relation is a table or view as the catalog describes it.
type relation struct {
	schema, name, tableType string
	columns                 []catalogColumn // in the table's order
}

// catalogColumn is one column of a relation.
type catalogColumn struct{ name, dataType string }

// qualified is schema.table as messages show it.
func (r *relation) qualified() string { return r.schema + "." + r.name }

// column finds a column by name, ignoring case.
func (r *relation) column(name string) (catalogColumn, bool) {
	for _, c := range r.columns {
		if strings.EqualFold(c.name, name) {
			return c, true
		}
	}
	return catalogColumn{}, false
}

// catalogQuery lists the columns of the relations named like a schema and
// table, ignoring case. INFORMATION_SCHEMA is spelled in capitals, which
// both PostgreSQL (folding it) and a case-sensitive SQL Server accept.
// Only the columns the user may read are listed.
func catalogQuery(d dialect) string {
	return `SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, t.TABLE_TYPE
FROM INFORMATION_SCHEMA.COLUMNS c
JOIN INFORMATION_SCHEMA.TABLES t
  ON t.TABLE_CATALOG = c.TABLE_CATALOG AND t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
WHERE lower(c.TABLE_SCHEMA) = ` + d.placeholder(1) + ` AND lower(c.TABLE_NAME) = ` + d.placeholder(2) + `
ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION`
}

// lookup finds schema.table in the catalog, ignoring case; an exact match
// wins over others that differ only in case.
func lookup(ctx context.Context, db *sql.DB, d dialect, schema, table string) (*relation, error) {
	rows, err := db.QueryContext(ctx, catalogQuery(d), strings.ToLower(schema), strings.ToLower(table))
	if err != nil {
		return nil, fmt.Errorf("looking up %s.%s in the catalog: %w", schema, table, err)
	}
	defer rows.Close()
	var found []*relation
	for rows.Next() {
		var c catalogColumn
		var s, t, tableType string
		if err := rows.Scan(&s, &t, &c.name, &c.dataType, &tableType); err != nil {
			return nil, fmt.Errorf("looking up %s.%s in the catalog: %w", schema, table, err)
		}
		if n := len(found); n == 0 || found[n-1].schema != s || found[n-1].name != t {
			found = append(found, &relation{schema: s, name: t, tableType: tableType})
		}
		r := found[len(found)-1]
		r.columns = append(r.columns, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("looking up %s.%s in the catalog: %w", schema, table, err)
	}
	switch len(found) {
	case 0:
		return nil, permanentError{fmt.Errorf("no table or view %s.%s in the database (or the user may not read it)", schema, table)}
	case 1:
		return found[0], nil
	}
	for _, r := range found {
		if r.schema == schema && r.name == table {
			return r, nil
		}
	}
	names := make([]string, len(found))
	for i, r := range found {
		names[i] = r.qualified()
	}
	return nil, permanentError{fmt.Errorf("%s.%s is ambiguous: %s differ only in case; name one exactly in the config",
		schema, table, strings.Join(names, " and "))}
}

// sourceAlias qualifies the table's columns in the query, so that ORDER BY
// sorts by the key's own values, not by the select list's text of the same
// name.
const sourceAlias = "src"

// plan is the query that reads one canonical table from one relation.
type plan struct {
	query string
	// fields holds, per canonical column, its position in the select list,
	// or -1 for a column the relation does not have (all null).
	fields    []int
	selected  int
	sourceCol map[string]string
}

// planQuery maps the canonical columns onto the relation's (overrides
// first, names ignoring case) and builds the SELECT: every column cast to
// text, ordered by the key, ties in physical order or by every column.
func planQuery(d dialect, rel *relation, table *canonical.Table, overrides map[string]string) (plan, error) {
	p := plan{fields: make([]int, len(table.Columns)), sourceCol: make(map[string]string, len(table.Columns))}
	var exprs, missing []string
	orderBy := ""
	for i, col := range table.Columns {
		p.fields[i] = -1
		name := col.Source
		if o := overrides[col.Name]; o != "" {
			name = o
		}
		if name == "" {
			continue
		}
		c, ok := rel.column(name)
		if !ok {
			p.sourceCol[col.Name] = name
			if !col.Extension {
				missing = append(missing, name)
			}
			continue
		}
		p.sourceCol[col.Name] = c.name
		q := sourceAlias + "." + d.quote(c.name)
		p.fields[i] = len(exprs)
		exprs = append(exprs, d.textExpr(q, c.dataType))
		if col.Name == table.Key {
			orderBy = q
		}
	}
	if len(missing) > 0 {
		return plan{}, permanentError{fmt.Errorf("%s (table %s) has no %s %s; if it has another name, set source.columns.%s",
			rel.qualified(), table.Name, plural(len(missing), "column"), strings.Join(missing, ", "), table.Name)}
	}
	if len(exprs) == 0 {
		return plan{}, permanentError{fmt.Errorf("%s (table %s) has none of the columns carewh reads", rel.qualified(), table.Name)}
	}
	p.selected = len(exprs)
	order := make([]string, 0, len(exprs)+2)
	if orderBy != "" {
		order = append(order, orderBy)
	}
	if tb := d.tieBreak(rel.tableType); tb != "" {
		order = append(order, sourceAlias+"."+tb)
	} else {
		for i := range exprs {
			order = append(order, strconv.Itoa(i+1))
		}
	}
	p.query = "SELECT " + strings.Join(exprs, ", ") +
		"\nFROM " + d.quote(rel.schema) + "." + d.quote(rel.name) + " AS " + sourceAlias +
		"\nORDER BY " + strings.Join(order, ", ")
	return p, nil
}

// plural is word, or its plural when n is not 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
