package warehouse

import (
	"carewh/pipelines/models"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// modelSchemas are the schemas a model may read from.
var modelSchemas = []string{"raw", "staging", "core", "marts", "ops"}

// modelReads lists the relations (schema.name) and shared macros a model's
// SQL reads, from DuckDB's own parse of it (json_serialize_sql), not a
// pattern over the text: CTEs and table functions are not relations.
func modelReads(ctx context.Context, db *sql.DB, m models.Model) ([]string, error) {
	query := m.SQL
	if m.Materialize == "macro" {
		var err error
		if query, err = macroQuery(m.SQL); err != nil {
			return nil, fmt.Errorf("%s: %w", m.File, err)
		}
	}
	var text string
	if err := db.QueryRowContext(ctx, `SELECT json_serialize_sql(?::VARCHAR)::VARCHAR`, query).Scan(&text); err != nil {
		return nil, fmt.Errorf("%s: %w", m.File, err)
	}
	var tree any
	if err := json.Unmarshal([]byte(text), &tree); err != nil {
		return nil, fmt.Errorf("%s: reading DuckDB's parse: %w", m.File, err)
	}
	if root, ok := tree.(map[string]any); ok && root["error"] == true {
		return nil, fmt.Errorf("%s: %v", m.File, root["error_message"])
	}
	var reads []string
	var walk func(node any)
	walk = func(node any) {
		switch n := node.(type) {
		case map[string]any:
			schema, name := "", ""
			switch {
			case n["type"] == "BASE_TABLE":
				schema, _ = n["schema_name"].(string)
				name, _ = n["table_name"].(string)
			case n["class"] == "FUNCTION":
				schema, _ = n["schema"].(string)
				name, _ = n["function_name"].(string)
			}
			if slices.Contains(modelSchemas, schema) && !slices.Contains(reads, schema+"."+name) {
				reads = append(reads, schema+"."+name)
			}
			for _, v := range n {
				walk(v)
			}
		case []any:
			for _, v := range n {
				walk(v)
			}
		}
	}
	walk(tree)
	slices.Sort(reads)
	return reads, nil
}

// macroQuery turns a macro model's text, "(params) AS expr" or
// "(params) AS TABLE query", into a query DuckDB can parse: the
// expression selected, or the table macro's query. The parameters become
// column references, which name no relation.
func macroQuery(text string) (string, error) {
	depth, end := 0, -1
	for i, r := range text {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		}
		if depth == 0 {
			end = i
			break
		}
	}
	if !strings.HasPrefix(text, "(") || end < 0 {
		return "", fmt.Errorf("a macro starts with its parameter list in parentheses")
	}
	rest := strings.TrimSpace(text[end+1:])
	body, ok := cutWord(rest, "AS")
	if !ok {
		return "", fmt.Errorf("a macro's parameter list is followed by AS and its body")
	}
	if query, ok := cutWord(body, "TABLE"); ok {
		return query, nil
	}
	return "SELECT " + body, nil
}

// cutWord returns s without its first word if that word is w (any case).
func cutWord(s, w string) (string, bool) {
	if len(s) <= len(w) || !strings.EqualFold(s[:len(w)], w) || !strings.ContainsAny(s[len(w):len(w)+1], " \t\r\n") {
		return s, false
	}
	return strings.TrimSpace(s[len(w):]), true
}

// CheckModels verifies each model against DuckDB's parse of its SQL: the
// SQL parses, every relation or macro it reads is declared in depends,
// and every one declared is read (or is the target of a relationship
// check). A macro model's body is parsed as the query it stands for.
func CheckModels(ctx context.Context, all []models.Model) error {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	var errs []error
	for _, m := range all {
		reads, err := modelReads(ctx, db, m)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		checked := map[string]bool{}
		for _, c := range m.Checks {
			if r := c.Refers(); r != "" {
				checked[r] = true
			}
		}
		for _, r := range reads {
			if !slices.Contains(m.Depends, r) {
				errs = append(errs, fmt.Errorf("%s: model %s reads %s, which its depends line does not name", m.File, m.Name, r))
			}
		}
		for _, d := range m.Depends {
			if !slices.Contains(reads, d) && !checked[d] {
				errs = append(errs, fmt.Errorf("%s: model %s declares %s in depends but never reads it", m.File, m.Name, d))
			}
		}
	}
	return errors.Join(errs...)
}
