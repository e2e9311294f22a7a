package warehouse

import (
	"context"
	"testing"

	"carewh/pipelines/models"
)

// TestChecksOfChangesCountAsTheWholeModel replaces one child's rows of a
// table whose rows all passed its checks with rows that break each check,
// against the unchanged rows, against each other and alone, and counts
// each check's breaking rows over the new rows only: the count must be
// the whole table's.
func TestChecksOfChangesCountAsTheWholeModel(t *testing.T) {
	ctx := context.Background()
	conn := scratchConn(t)
	for _, stmt := range []string{
		`CREATE TABLE parents AS SELECT * FROM (VALUES ('X'), ('Y')) t(parent_id)`,
		`CREATE TABLE m AS SELECT * FROM (VALUES
			('P1', 'a', 1, 'X'), ('P2', 'a', 2, 'X'), ('P3', 'b', 3, 'Y'), (NULL, 'c', 4, 'X'))
			t(period_id, person_id, n, parent_id)`,
		// child b's new rows: P1 again (held by child a), P4 twice, a
		// second null key (child c has one), a null n, an unknown parent
		`CREATE TABLE kept AS SELECT * FROM (VALUES
			('P1', 'b', 5, 'X'), ('P4', 'b', NULL, 'Z'), ('P4', 'b', 6, 'X'), (NULL, 'b', 7, 'X'))
			t(period_id, person_id, n, parent_id)`,
		`CREATE SCHEMA raw`,
		`CREATE TABLE raw.quarantine AS SELECT 'parents' AS table_name, 'Z' AS record_key`,
		`DELETE FROM m WHERE person_id = 'b'`,
		`INSERT INTO m SELECT * FROM kept`,
	} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	for decl, want := range map[string]int64{
		"unique(period_id)":                                 3, // P1, P4 and the null key
		"unique(period_id, person_id)":                      1, // P4 of child b
		"not_null(n)":                                       1,
		"accepted_values(parent_id: X, Y)":                  1,
		"relationship(parent_id -> main.parents.parent_id)": 1,
		"expect(n > 0)":                                     1,
		"relationship(parent_id -> main.parents.parent_id or quarantined)": 0, // Z was set aside
	} {
		c, err := models.ParseCheck(decl, false)
		if err != nil {
			t.Fatal(err)
		}
		query, ok := c.QueryOfChanges("m", "kept")
		if !ok {
			t.Errorf("%s: no query over the new rows", decl)
			continue
		}
		var whole, ofChanges int64
		if err := conn.QueryRowContext(ctx, c.Query("m")).Scan(&whole); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRowContext(ctx, query).Scan(&ofChanges); err != nil {
			t.Fatalf("%s: %v", decl, err)
		}
		if whole != want || ofChanges != want {
			t.Errorf("%s: %d over the whole table, %d over the new rows; want %d", decl, whole, ofChanges, want)
		}
	}
	c, err := models.ParseCheck("expect(n <= (SELECT max(n) FROM m))", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.QueryOfChanges("m", "kept"); ok {
		t.Error("an expect with a subquery may compare any rows, but counts over the new rows alone")
	}
}
