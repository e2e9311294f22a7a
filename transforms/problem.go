package transforms

import (
	"fmt"

	"carewh/canonical"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// problem is one broken rule of the row being conformed.
type problem struct {
	col   int    // column index, -1 for a rule of the whole row
	rule  string // the specific rule (unknown_code, date_order, …)
	value string // the value as read
	cause string // what is wrong, in words
	// whole: the row cannot be kept. Otherwise the column is emptied and
	// the row kept, unless another problem rejects it.
	whole bool
}

// fail records a problem with column i: a problem of the key or a required
// column rejects the row; of any other, empties the column.
func (c *Conformer) fail(i int, rule, value, format string, args ...any) {
	col := c.table.Columns[i]
	c.problems = append(c.problems, problem{col: i, rule: rule, value: value,
		cause: fmt.Sprintf(format, args...), whole: col.Required || i == c.keyIndex})
	c.row[i].null = true
}

// reject records a problem that rejects the row whatever its column.
func (c *Conformer) reject(i int, rule, value, format string, args ...any) {
	c.problems = append(c.problems, problem{col: i, rule: rule, value: value, cause: fmt.Sprintf(format, args...), whole: true})
}

// rejected reports whether the current row is to be quarantined whole.
func (c *Conformer) rejected() bool {
	for _, p := range c.problems {
		if p.whole {
			return true
		}
	}
	return false
}

// report sends the current row's problems to q. In a row kept, each is a
// bad_value saying which column was emptied; in a row rejected, each keeps
// its own rule, so the row's every fault is on record.
func (c *Conformer) report(cols []*array.String, r int, origin string, line int64, q canonical.Quarantine) error {
	if len(c.problems) == 0 {
		return nil
	}
	kept := !c.rejected()
	key := canonical.ValidText(c.rawKey(cols, r))
	for _, p := range c.problems {
		rej := canonical.Rejection{Table: c.table.Name, Source: origin, Line: line, Key: key, Rule: p.rule}
		where := fmt.Sprintf("%s line %d", origin, line)
		if p.col >= 0 {
			col := c.table.Columns[p.col]
			rej.Column, rej.Value = col.Name, canonical.ValidText(c.safeValue(col, p.value))
			where += ", column " + c.sourceName(col)
		}
		rej.Message = where + ": " + p.cause
		if kept {
			rej.Rule = canonical.RuleBadValue
			rej.Message += fmt.Sprintf("; the row is kept with %s empty", c.sourceName(c.table.Columns[p.col]))
		}
		if err := q.Reject(rej); err != nil {
			return err
		}
	}
	return nil
}
