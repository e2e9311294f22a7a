package pipelines

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// checkSampleRows is how many breaking rows a failed blocking check names.
const checkSampleRows = 5

// Sample returns SQL selecting up to n rows of model that break the check.
func (c Check) Sample(model string, n int) string {
	if c.Kind == "unique" {
		cols := strings.Join(c.columns, ", ")
		return fmt.Sprintf("SELECT m.* FROM %s m SEMI JOIN (SELECT %s FROM %s GROUP BY ALL HAVING count(*) > 1) d USING (%s) ORDER BY %s LIMIT %d",
			model, cols, model, cols, cols, n)
	}
	return fmt.Sprintf("SELECT * FROM %s m WHERE %s LIMIT %d", model, c.breaks(), n)
}

// describeBreakingRows names the first rows of model that break c: the
// check's own columns, the child, and the source file and line where the
// model carries them.
func describeBreakingRows(ctx context.Context, conn *sql.Conn, c Check, model string) (string, error) {
	rows, err := conn.QueryContext(ctx, c.Sample(model, checkSampleRows))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return "", err
	}
	show := shownColumns(c, names)
	var lines []string
	for rows.Next() {
		values := make([]any, len(names))
		ptrs := make([]any, len(names))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		lines = append(lines, describeRow(names, values, show))
	}
	return strings.Join(lines, "; "), rows.Err()
}

// shownColumns picks the columns that let a person find a row: those the
// check names, the child, the source file and line; else the first four.
func shownColumns(c Check, names []string) []int {
	wanted := append(slices.Clone(c.columns), "person_id", "_source", "_line")
	var show []int
	for i, n := range names {
		if slices.Contains(wanted, n) {
			show = append(show, i)
		}
	}
	if len(show) == 0 {
		for i := range min(4, len(names)) {
			show = append(show, i)
		}
	}
	return show
}

func describeRow(names []string, values []any, show []int) string {
	parts := make([]string, 0, len(show))
	for _, i := range show {
		v := values[i]
		if v == nil {
			v = "NULL"
		}
		if t, ok := v.(interface{ Format(string) string }); ok {
			v = t.Format("2006-01-02")
		}
		parts = append(parts, fmt.Sprintf("%s=%v", names[i], v))
	}
	return strings.Join(parts, " ")
}
