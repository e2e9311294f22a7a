package pipelines

import (
	"fmt"
	"strings"

	"carewh/canonical"
	"carewh/config"
	"carewh/pipelines/lake"
)

// AcceptAll, given to Runner.AcceptShrink, accepts a shrink of every table.
const AcceptAll = "all"

// Shrink is one table that lost too much of itself since the last
// published run.
type Shrink struct {
	Table    string
	Previous int64 // rows in the last published run
	Rows     int64 // rows now
	Deleted  int64 // rows deleted since
	Reason   string
}

func (s Shrink) String() string {
	return fmt.Sprintf("%s: %s (%d rows in the last published run, %d now, %d deleted)",
		s.Table, s.Reason, s.Previous, s.Rows, s.Deleted)
}

// HeldError is a run held by the publish guard: its lake is written but
// the warehouse was not swapped, because tables shrank more than
// publish_guard allows.
type HeldError struct {
	Previous string // the last published run compared with
	Shrinks  []Shrink
}

func (e *HeldError) Error() string {
	parts := make([]string, len(e.Shrinks))
	names := make([]string, len(e.Shrinks))
	for i, s := range e.Shrinks {
		parts[i] = s.String()
		names[i] = "--accept-shrink " + s.Table
	}
	return fmt.Sprintf("not published: compared with run %s, %s; the warehouse was not swapped. "+
		"If the source really shrank, run `carewh run %s`", e.Previous, strings.Join(parts, "; "), strings.Join(names, " "))
}

// shrinks compares each table of run m with the last published run and
// lists those that shrank beyond the guard's limits.
func shrinks(guard config.PublishGuard, m, previous *lake.Manifest) []Shrink {
	if previous == nil {
		return nil
	}
	var out []Shrink
	for _, t := range canonical.Tables {
		before := previous.Tables[t.Name].Rows
		now, ok := m.Tables[t.Name]
		if before == 0 || !ok {
			continue
		}
		lost := float64(before-now.Rows) / float64(before)
		deleted := float64(now.Deleted) / float64(before)
		var reasons []string
		switch {
		case now.Rows == 0:
			reasons = append(reasons, "no rows (an empty or header-only extract)")
		case lost > guard.MaxRowLoss && before-now.Rows >= int64(guard.MinRows):
			reasons = append(reasons, fmt.Sprintf("lost %.0f%% of its rows, more than publish_guard.max_row_loss %.0f%%",
				100*lost, 100*guard.MaxRowLoss))
		}
		if now.Rows > 0 && deleted > guard.MaxDeletions && now.Deleted >= int64(guard.MinRows) {
			reasons = append(reasons, fmt.Sprintf("%.0f%% of its rows deleted, more than publish_guard.max_deletions %.0f%%",
				100*deleted, 100*guard.MaxDeletions))
		}
		if len(reasons) > 0 {
			out = append(out, Shrink{Table: t.Name, Previous: before, Rows: now.Rows, Deleted: now.Deleted,
				Reason: strings.Join(reasons, " and ")})
		}
	}
	return out
}

// CheckAcceptShrink rejects a name given to --accept-shrink that is
// neither a canonical table nor "all".
func CheckAcceptShrink(names []string) error {
	for _, n := range names {
		if n == AcceptAll {
			continue
		}
		if _, err := canonical.Lookup(n); err != nil {
			return fmt.Errorf("--accept-shrink %s: %w", n, err)
		}
	}
	return nil
}
