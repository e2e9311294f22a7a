package pipelines

import (
	"fmt"
	"regexp"
	"strings"
)

// Check is a data check declared in a model's header. Each compiles to a
// query counting the rows that break it; a blocking check that finds any
// fails the run, a warning is recorded and logged.
type Check struct {
	Kind     string // unique, not_null, accepted_values, relationship, expect
	Args     string // as written, for messages
	Blocking bool
	columns  []string
	values   []string
	target   string // relationship: schema.table.column
	expr     string // expect: a boolean that must hold on every row
}

var checkPattern = regexp.MustCompile(`^(\w+)\s*\((.*)\)$`)

// parseCheck reads a declaration such as
//
//	unique(review_id)
//	not_null(review_id, person_id)
//	accepted_values(on_time: true, false)
//	relationship(person_id -> core.children.person_id)
//	expect(numerator <= denominator)
func parseCheck(decl string, warn bool) (Check, error) {
	m := checkPattern.FindStringSubmatch(strings.TrimSpace(decl))
	if m == nil {
		return Check{}, fmt.Errorf("check %q is not kind(arguments)", decl)
	}
	c := Check{Kind: m[1], Args: strings.TrimSpace(m[2]), Blocking: !warn}
	switch c.Kind {
	case "unique", "not_null":
		c.columns = splitList(c.Args)
	case "accepted_values":
		col, values, ok := strings.Cut(c.Args, ":")
		if !ok {
			return c, fmt.Errorf("accepted_values needs column: value, value")
		}
		c.columns = []string{strings.TrimSpace(col)}
		c.values = splitList(values)
	case "relationship":
		col, target, ok := strings.Cut(c.Args, "->")
		if !ok || strings.Count(strings.TrimSpace(target), ".") != 2 {
			return c, fmt.Errorf("relationship needs column -> schema.table.column")
		}
		c.columns = []string{strings.TrimSpace(col)}
		c.target = strings.TrimSpace(target)
	case "expect":
		c.expr = c.Args
	default:
		return c, fmt.Errorf("unknown check kind %q (known: unique, not_null, accepted_values, relationship, expect)", c.Kind)
	}
	if c.Kind != "expect" && len(c.columns) == 0 {
		return c, fmt.Errorf("check %s names no column", c.Kind)
	}
	return c, nil
}

// Query returns SQL that counts the rows of model that break the check.
func (c Check) Query(model string) string {
	switch c.Kind {
	case "unique":
		cols := strings.Join(c.columns, ", ")
		return fmt.Sprintf("SELECT count(*) FROM (SELECT %s FROM %s GROUP BY ALL HAVING count(*) > 1)", cols, model)
	case "not_null":
		conds := make([]string, len(c.columns))
		for i, col := range c.columns {
			conds[i] = col + " IS NULL"
		}
		return fmt.Sprintf("SELECT count(*) FROM %s WHERE %s", model, strings.Join(conds, " OR "))
	case "accepted_values":
		return fmt.Sprintf("SELECT count(*) FROM %s WHERE %s IS NOT NULL AND %s::VARCHAR NOT IN (%s)",
			model, c.columns[0], c.columns[0], quoteList(c.values))
	case "relationship":
		i := strings.LastIndex(c.target, ".")
		table, col := c.target[:i], c.target[i+1:]
		return fmt.Sprintf("SELECT count(*) FROM %s m WHERE m.%s IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %s t WHERE t.%s = m.%s)",
			model, c.columns[0], table, col, c.columns[0])
	default:
		return fmt.Sprintf("SELECT count(*) FROM %s WHERE NOT coalesce((%s), false)", model, c.expr)
	}
}

// String names the check as a person reads it.
func (c Check) String() string { return c.Kind + "(" + c.Args + ")" }

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func quoteList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return strings.Join(quoted, ", ")
}
