package transforms

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow/array"

	"carewh/canonical"
)

// parseRow fills c.row from row r, one column at a time, recording in
// c.problems every value that is missing where required or does not parse.
func (c *Conformer) parseRow(cols []*array.String, r int) {
	for i, col := range c.table.Columns {
		parsed := &c.row[i]
		*parsed = cell{null: true}
		if col.Name == canonical.UPNColumn && !c.opts.KeepUPN {
			continue
		}
		v := ""
		if !cols[i].IsNull(r) {
			v = trimSpace(cols[i].Value(r))
		}
		if !utf8.ValidString(v) {
			c.fail(i, canonical.RuleBadEncoding, v, "%s", badEncoding(v))
			continue
		}
		if v == "" {
			if col.Required {
				c.reject(i, canonical.RuleRequired, "", "a value is required")
			}
			continue
		}
		parsed.null = false
		var err error
		rule := canonical.RuleBadType
		switch col.Kind {
		case canonical.Text:
			parsed.str = c.identifierValue(i, v)
		case canonical.Code:
			parsed.str, err = c.codes[i].of(v, col.Codes, c.opts.Mapper, canonical.CodeIn)
			rule = canonical.RuleUnknownCode
		case canonical.CodeList:
			parsed.list, err = c.lists[i].of(v, col.Codes, c.opts.Mapper, toCodeList)
			if _, notJSON := err.(errNotJSON); !notJSON {
				rule = canonical.RuleUnknownCode
			}
		case canonical.Date:
			parsed.day, err = canonical.ParseDays(v)
			if err == nil && parsed.day < c.minDay {
				err = fmt.Errorf("%s is before %s", isoDay(parsed.day), isoDay(c.minDay))
				rule = canonical.RuleDateRange
			}
			// A date too far ahead is checked with the row's other rules:
			// an event date after the as-at date is a future_date instead.
		case canonical.Bool:
			parsed.b, err = parseBool(v)
		case canonical.Int:
			parsed.i, err = parseInt(v)
		case canonical.Float:
			parsed.f, err = parseFloat(v)
		}
		if err != nil {
			c.fail(i, rule, v, "%v", err)
		}
	}
}

func isoDay(day int32) string { return canonical.DateOf(day).Format(time.DateOnly) }
