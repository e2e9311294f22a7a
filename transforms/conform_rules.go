package transforms

import (
	"github.com/apache/arrow-go/v18/arrow/array"

	"carewh/canonical"
)

// checkRow applies the rules that look at a parsed row as a whole: event
// dates after the as-at date, dates too far ahead, dates of birth after
// the as-at date, negative numbers that cannot be, date orders and
// placement codes of the wrong collection year. A column emptied by an
// earlier rule is not looked at again. Of two dates out of order, the
// optional one is emptied (the later if both are): a junk entry date does
// not lose an episode; two required dates out of order reject the row.
func (c *Conformer) checkRow(cols []*array.String, r int) {
	value := func(i int) string { return trimSpace(cols[i].Value(r)) }
	if i := c.event; i >= 0 && !c.row[i].null && c.row[i].day > c.asOfDay && !c.futureAllowed() {
		c.reject(i, canonical.RuleFutureDate, value(i), "%s is after the run's as-at date %s: an event not yet held is not history",
			isoDay(c.row[i].day), isoDay(c.asOfDay))
		return
	}
	for i, col := range c.table.Columns {
		switch v := &c.row[i]; {
		case v.null:
		case col.Kind == canonical.Date && v.day > c.maxDay:
			c.fail(i, canonical.RuleDateRange, value(i), "%s is more than %d years after the run's as-at date %s",
				isoDay(v.day), maxYearsAhead, isoDay(c.asOfDay))
		case col.NonNegative && (col.Kind == canonical.Float && v.f < 0 || col.Kind == canonical.Int && v.i < 0):
			c.fail(i, canonical.RuleRange, value(i), "%s is below zero, which %s cannot be", value(i), c.sourceName(col))
		}
	}
	for _, name := range c.table.NotAfterAsAt {
		if i := c.index(name); !c.row[i].null && c.row[i].day > c.asOfDay {
			c.fail(i, canonical.RuleFutureDate, value(i), "%s is after the run's as-at date %s: %s cannot be later than it",
				isoDay(c.row[i].day), isoDay(c.asOfDay), c.sourceName(c.table.Columns[i]))
		}
	}
	for _, order := range c.table.DateOrders {
		ei, li := c.index(order.Earlier), c.index(order.Later)
		early, late := c.row[ei], c.row[li]
		if early.null || late.null || early.day <= late.day {
			continue
		}
		// The optional date of the two goes; the later when both are.
		// Only two required dates out of order reject the row.
		if lc := c.table.Columns[ei]; c.table.Columns[li].Required && !lc.Required && ei != c.keyIndex {
			c.fail(ei, canonical.RuleDateOrder, value(ei), "%s is after %s %s",
				isoDay(early.day), c.sourceName(c.table.Columns[li]), isoDay(late.day))
			continue
		}
		c.fail(li, canonical.RuleDateOrder, value(li), "%s is before %s %s",
			isoDay(late.day), c.sourceName(c.table.Columns[ei]), isoDay(early.day))
	}
	if c.table.CodeYearColumn != "" {
		yi := c.index(c.table.CodeYearColumn)
		for i, col := range c.table.Columns {
			if col.Codes != "PLACE" || c.row[i].null || c.row[yi].null {
				continue
			}
			if day := canonical.DateOf(c.row[yi].day); !canonical.PlacementValidOn(c.row[i].str, day) {
				c.fail(i, canonical.RuleCodeYear, c.row[i].str, "placement type %s is not in the code list of the collection year containing %s",
					c.row[i].str, isoDay(c.row[yi].day))
			}
		}
	}
}

// futureAllowed reports whether the row is one that may be dated after the
// as-at date (a planned health check).
func (c *Conformer) futureAllowed() bool {
	if c.exempt < 0 {
		return false
	}
	v := c.row[c.exempt]
	return !v.null && v.str == c.table.FutureAllowed.Value
}
