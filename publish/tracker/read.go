package tracker

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Table is the tracker as read from the warehouse: one row per child.
type Table struct {
	AsAt   time.Time
	Filter Filter
	// Columns are the table's columns: Columns as read, and any an
	// identified export inserts.
	Columns []Column
	// Rows hold, per column of Columns: a string, a time.Time (dates), an
	// int64 (numbers), or nil when empty.
	Rows [][]any
	// Rules are the RAG rules with the run's thresholds, for the About
	// sheet.
	Rules []string
	// Marking is the protective marking of a file that names children
	// ("OFFICIAL-SENSITIVE: …"): the CSV's first line, as a comment, and
	// the first line of the XLSX's About sheet and of every printed page.
	// Empty for a pseudonymised tracker.
	Marking string
	// Notes say more about an identified table (names the source does not
	// hold, children it no longer lists), on the About sheet.
	Notes []string
}

// withColumns is t, with the tracker's columns if it names none (a Table
// made by hand rather than by Read).
func (t *Table) withColumns() *Table {
	if t.Columns != nil {
		return t
	}
	c := *t
	c.Columns = Columns
	return &c
}

// InsertColumn adds column c after the column showing mart column after
// (at the end if there is none), its value in each row given by value.
func (t *Table) InsertColumn(after string, c Column, value func(row []any) any) {
	at := index(t.Columns, after) + 1
	if at == 0 {
		at = len(t.Columns)
	}
	for i, row := range t.Rows {
		t.Rows[i] = slices.Insert(row, at, value(row))
	}
	t.Columns = slices.Insert(t.Columns, at, c)
}

// Value is row's value of mart column mart, nil if the table has no such
// column.
func (t *Table) Value(row []any, mart string) any {
	if i := index(t.Columns, mart); i >= 0 {
		return row[i]
	}
	return nil
}

// Read reads the tracker, filtered. A filter that matches no child is an
// error naming what the tracker holds, so a mistyped team is not taken for
// an empty tracker.
func Read(ctx context.Context, db *sql.DB, f Filter) (*Table, error) {
	t := &Table{Filter: f, Columns: slices.Clone(Columns)}
	if err := db.QueryRowContext(ctx, `SELECT as_of_date FROM ops.run_parameters`).Scan(&t.AsAt); err != nil {
		return nil, fmt.Errorf("reading the tracker's as-at date: %w", err)
	}
	rows, err := db.QueryContext(ctx, query(f))
	if err != nil {
		return nil, fmt.Errorf("reading the permanence tracker: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		values := make([]any, len(Columns))
		ptrs := make([]any, len(Columns))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("reading the permanence tracker: %w", err)
		}
		for i, v := range values {
			values[i] = normalise(v)
		}
		t.Rows = append(t.Rows, values)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the permanence tracker: %w", err)
	}
	if len(t.Rows) == 0 && (f.Team != "" || f.IRO != "") {
		return nil, t.noMatch(ctx, db)
	}
	t.Rules, err = rules(ctx, db)
	return t, err
}

// normalise makes a scanned value one of the types Table.Rows holds.
func normalise(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case time.Time:
		return x
	case int64:
		return x
	case int32:
		return int64(x)
	case []byte:
		return string(x)
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}

// noMatch explains a filter that matched no child.
func (t *Table) noMatch(ctx context.Context, db *sql.DB) error {
	var teams []string
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT team FROM marts.permanence_tracker WHERE team IS NOT NULL ORDER BY team`)
	if err == nil {
		defer rows.Close()
		for rows.Next() {
			var s string
			if rows.Scan(&s) == nil {
				teams = append(teams, s)
			}
		}
	}
	var parts []string
	if t.Filter.Team != "" {
		parts = append(parts, fmt.Sprintf("team %q", t.Filter.Team))
	}
	if t.Filter.IRO != "" {
		parts = append(parts, fmt.Sprintf("IRO %q", t.Filter.IRO))
	}
	msg := fmt.Sprintf("no child looked after on %s has %s", t.AsAt.Format(time.DateOnly), strings.Join(parts, " and "))
	if t.Filter.Team != "" && !slices.Contains(teams, t.Filter.Team) {
		msg += fmt.Sprintf(" (teams: %s)", strings.Join(teams, ", "))
	}
	return fmt.Errorf("%s", msg)
}

// rules reads the tracker's RAG rules as the model applies them, worded
// with the thresholds of the run that built it
// (marts.permanence_tracker_rules), most severe first.
func rules(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT rag, rule FROM marts.permanence_tracker_rules ORDER BY sort_order`)
	if err != nil {
		return nil, fmt.Errorf("reading the tracker's RAG rules: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var rag, rule string
		if err := rows.Scan(&rag, &rule); err != nil {
			return nil, err
		}
		out = append(out, strings.ToUpper(rag[:1])+rag[1:]+": "+rule)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return append(out, "Green: none of these."), nil
}

// Teams lists the teams of the table's rows, in order, "" for children
// with no team last.
func (t *Table) Teams() []string {
	col := index(t.Columns, "team")
	var teams []string
	noTeam := false
	for _, r := range t.Rows {
		s, _ := r[col].(string)
		if s == "" {
			noTeam = true
		} else if !slices.Contains(teams, s) {
			teams = append(teams, s)
		}
	}
	slices.Sort(teams)
	if noTeam {
		teams = append(teams, "")
	}
	return teams
}

// team returns the rows of one team ("" for no team).
func (t *Table) team(name string) [][]any {
	col := index(t.Columns, "team")
	var out [][]any
	for _, r := range t.Rows {
		if s, _ := r[col].(string); s == name {
			out = append(out, r)
		}
	}
	return out
}
