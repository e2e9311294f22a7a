package ssda903

import (
	"fmt"
	"strings"

	"carewh/canonical"
)

// checkPlacedValues checks the values a permanence row takes from a
// PlacedAdoption record when the row is said to come from its AD1 record:
// a value that would not type is quarantined here, under the
// PlacedAdoption file and line it was read from (rule bad_value), and left
// out of the row, which the transforms would otherwise report under AD1's.
func (s *Source) checkPlacedValues(q canonical.Quarantine, table *canonical.Table, cols columnIndex, r *row, d *decision) error {
	if d.ad1 == nil || d.placed == nil {
		return nil
	}
	for _, c := range []struct{ canonical, source string }{
		{"decision_reversed_date", "DATE_PLACED_CEASED"},
		{"decision_reversed_reason", "REASON_PLACED_CEASED"},
	} {
		i := cols[c.canonical]
		v := r.vals[i]
		if strings.TrimSpace(v) == "" {
			continue
		}
		col := table.Columns[i]
		var problem error
		switch col.Kind {
		case canonical.Date:
			if _, ok := canonical.ParseDate(v); !ok {
				problem = fmt.Errorf("%q is not a date (expected DD/MM/YYYY or YYYY-MM-DD)", strings.TrimSpace(v))
			}
		case canonical.Code:
			_, problem = canonical.CodeOf(col.Codes, v, s.opts.Mapper)
		}
		if problem == nil {
			continue
		}
		src := d.source()
		err := q.Reject(canonical.Rejection{
			Table: table.Name, Source: d.placed.f.origin, Line: d.placed.line, Key: strings.TrimSpace(r.vals[cols[table.Key]]),
			Rule: canonical.RuleBadValue, Column: col.Name, Value: strings.TrimSpace(v),
			Message: fmt.Sprintf("%s line %d, column %s: %v; the adoption decision's row (%s line %d) is kept with %s empty",
				d.placed.f.origin, d.placed.line, c.source, problem, src.f.origin, src.line, c.source),
		})
		if err != nil {
			return fmt.Errorf("quarantining %s line %d: %w", d.placed.f.origin, d.placed.line, err)
		}
		r.vals[i] = ""
	}
	return nil
}

// lastEpisodeEnd checks a placement's end date when it is the DEC of a
// later episode than the one the row is said to come from: a DEC that is
// not a date is quarantined under that episode's file and line (rule
// bad_value) and left out, so the placement stays open, as the episode
// does in cla_episodes.
func lastEpisodeEnd(q canonical.Quarantine, table *canonical.Table, cols columnIndex, r *row, first, last *episode) error {
	i := cols["end_date"]
	v := strings.TrimSpace(r.vals[i])
	if last == first || v == "" {
		return nil
	}
	if _, ok := canonical.ParseDate(v); ok {
		return nil
	}
	err := q.Reject(canonical.Rejection{
		Table: table.Name, Source: last.origin, Line: last.line, Key: strings.TrimSpace(r.vals[cols[table.Key]]),
		Rule: canonical.RuleBadValue, Column: "end_date", Value: v,
		Message: fmt.Sprintf("%s line %d, column DEC: %q is not a date (expected DD/MM/YYYY or YYYY-MM-DD); "+
			"the placement's row (from its first episode, %s line %d) is kept with its end date empty",
			last.origin, last.line, v, first.origin, first.line),
	})
	if err != nil {
		return fmt.Errorf("quarantining %s line %d: %w", last.origin, last.line, err)
	}
	r.vals[i] = ""
	return nil
}
