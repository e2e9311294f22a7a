package warehouse

import (
	"carewh/pipelines/models"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// checkSampleRows is how many breaking rows a failed blocking check names.
const checkSampleRows = 5

// describeBreakingRows names the first rows of model that break c: the
// check's own columns, the child, and the source file and line where the
// model carries them.
func describeBreakingRows(ctx context.Context, conn *sql.Conn, c models.Check, model string) (string, error) {
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
func shownColumns(c models.Check, names []string) []int {
	wanted := append(c.Columns(), "person_id", "_source", "_line")
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
