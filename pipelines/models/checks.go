package models

import (
	"fmt"
	"regexp"
	"slices"
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
	// orQuarantined: relationship keys whose row the source had but
	// carewh set aside (raw.quarantine, under the target's table) are not
	// broken, the quarantine already naming each with its file and line.
	orQuarantined bool
	expr          string // expect: a boolean that must hold on every row
}

var checkPattern = regexp.MustCompile(`^(\w+)\s*\((.*)\)$`)

// ParseCheck reads a declaration such as
//
//	unique(review_id)
//	not_null(review_id, person_id)
//	accepted_values(on_time: true, false)
//	relationship(person_id -> core.children.person_id)
//	relationship(person_id -> staging.person.person_id or quarantined)
//	expect(numerator <= denominator)
func ParseCheck(decl string, warn bool) (Check, error) {
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
		target, c.orQuarantined = strings.CutSuffix(strings.TrimSpace(target), " or quarantined")
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
	if c.Kind == "unique" {
		cols := strings.Join(c.columns, ", ")
		return fmt.Sprintf("SELECT count(*) FROM (SELECT %s FROM %s GROUP BY ALL HAVING count(*) > 1)", cols, model)
	}
	return "SELECT count(*) " + c.breakingRows(model)
}

// breakingRows is the FROM and WHERE of the rows of model (aliased m)
// that break the check (not unique, which compares rows). A relationship
// finds them by anti joins: DuckDB plans NOT EXISTS as a join that first
// materialises every row of the model.
func (c Check) breakingRows(model string) string {
	if c.Kind != "relationship" {
		return fmt.Sprintf("FROM %s m WHERE %s", model, c.breaks())
	}
	table := c.Refers()
	col := c.target[len(table)+1:]
	from := fmt.Sprintf("FROM %s m ANTI JOIN %s t ON t.%s = m.%s", model, table, col, c.columns[0])
	if c.orQuarantined {
		from += fmt.Sprintf(" ANTI JOIN (SELECT record_key FROM raw.quarantine WHERE table_name = '%s') q ON q.record_key = m.%s::VARCHAR",
			table[strings.Index(table, ".")+1:], c.columns[0])
	}
	return from + fmt.Sprintf(" WHERE m.%s IS NOT NULL", c.columns[0])
}

// QueryOfChanges returns SQL that counts the rows of model breaking the
// check when only the rows of changes (a relation holding rows of model,
// aliased m as in Query) are new: every other row of the model is as it
// was when the check last found none breaking it, and what the check
// reads besides the model (Reads) is unchanged. A row alone breaks a
// check on each row, or a relationship; a key held twice is held by a new
// row. ok is false for an expect with a subquery, which may compare any
// rows: it must run over the whole model.
func (c Check) QueryOfChanges(model, changes string) (query string, ok bool) {
	switch {
	case c.Kind == "unique":
		cols := strings.Join(c.columns, ", ")
		on := make([]string, len(c.columns))
		for i, col := range c.columns {
			on[i] = fmt.Sprintf("m.%[1]s IS NOT DISTINCT FROM c.%[1]s", col)
		}
		return fmt.Sprintf("SELECT count(*) FROM (SELECT %s FROM %s m SEMI JOIN (SELECT DISTINCT %s FROM %s) c ON %s GROUP BY ALL HAVING count(*) > 1)",
			qualify("m.", c.columns), model, cols, changes, strings.Join(on, " AND ")), true
	case c.PerRow() || c.Kind == "relationship":
		return c.Query(changes), true
	}
	return "", false
}

// Reads lists the relations other than its model that the check reads:
// a relationship's target table, and the quarantine when keys set aside
// there do not break it.
func (c Check) Reads() []string {
	if c.Kind != "relationship" {
		return nil
	}
	reads := []string{c.Refers()}
	if c.orQuarantined {
		reads = append(reads, "raw.quarantine")
	}
	return reads
}

func qualify(prefix string, columns []string) string {
	out := make([]string, len(columns))
	for i, col := range columns {
		out[i] = prefix + col
	}
	return strings.Join(out, ", ")
}

// PerRow reports whether the check is a condition on each row of the
// model alone, with no subquery, so that CountBreaks can count it in one
// scan with others.
func (c Check) PerRow() bool {
	switch c.Kind {
	case "not_null", "accepted_values":
		return true
	case "expect":
		return !selectPattern.MatchString(c.expr)
	}
	return false
}

var selectPattern = regexp.MustCompile(`(?i)\bselect\b`)

// CountBreaks returns SQL that counts, in one scan of model, the rows
// breaking each of checks (each PerRow): one column per check, in order.
func CountBreaks(model string, checks []Check) string {
	counts := make([]string, len(checks))
	for i, c := range checks {
		counts[i] = fmt.Sprintf("count(*) FILTER (WHERE %s)", c.breaks())
	}
	return fmt.Sprintf("SELECT %s FROM %s m", strings.Join(counts, ", "), model)
}

// breaks is the condition a row of the model (aliased m) breaking the
// check meets; unique, which compares rows, and relationship, which joins
// (breakingRows), have none.
func (c Check) breaks() string {
	switch c.Kind {
	case "not_null":
		conds := make([]string, len(c.columns))
		for i, col := range c.columns {
			conds[i] = "m." + col + " IS NULL"
		}
		return strings.Join(conds, " OR ")
	case "accepted_values":
		return fmt.Sprintf("m.%s IS NOT NULL AND m.%s::VARCHAR NOT IN (%s)", c.columns[0], c.columns[0], quoteList(c.values))
	default:
		return fmt.Sprintf("NOT coalesce((%s), false)", c.expr)
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

// Sample returns SQL selecting up to n rows of model that break the check.
func (c Check) Sample(model string, n int) string {
	if c.Kind == "unique" {
		cols := strings.Join(c.columns, ", ")
		return fmt.Sprintf("SELECT m.* FROM %s m SEMI JOIN (SELECT %s FROM %s GROUP BY ALL HAVING count(*) > 1) d USING (%s) ORDER BY %s LIMIT %d",
			model, cols, model, cols, cols, n)
	}
	return fmt.Sprintf("SELECT m.* %s LIMIT %d", c.breakingRows(model), n)
}

// Columns are the columns the check names (a copy).
func (c Check) Columns() []string { return slices.Clone(c.columns) }

// Refers is the relation (schema.table) a relationship check refers to,
// or "" for another kind of check.
func (c Check) Refers() string {
	if c.Kind != "relationship" {
		return ""
	}
	return c.target[:strings.LastIndex(c.target, ".")]
}
