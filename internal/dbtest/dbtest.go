// Package dbtest holds what tests of several packages do with a database:
// read a query's rows as the values database/sql scans.
package dbtest

import (
	"database/sql"
	"testing"
)

// Values runs query on db and returns its columns and every row's values,
// each as database/sql scans it into an any, failing the test on an error.
func Values(t testing.TB, db *sql.DB, query string, args ...any) (cols []string, out [][]any) {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err = rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return cols, out
}
