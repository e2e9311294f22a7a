package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// changedRows names a relation holding the rows of relation d of the
// changed children: the rows a model updated by child this build kept
// aside when they were worked out for the changed children as they now
// are, else a temp view cutting d down to them. Reading the kept rows
// spares a scan of the whole of d at its full width for every model that
// reads it.
func (inc *incremental) changedRows(ctx context.Context, conn *sql.Conn, d string) (string, error) {
	if version, ok := inc.kept[d]; ok && version == inc.childrenVersion {
		return keptName(d), nil
	}
	view := fmt.Sprintf("CREATE OR REPLACE TEMP VIEW %s AS SELECT * FROM %s WHERE %s", deltaName(d), d, childRows(d, inChangedChildren))
	if _, err := conn.ExecContext(ctx, view); err != nil {
		return "", fmt.Errorf("cutting %s down to the changed children: %w", d, err)
	}
	return deltaName(d), nil
}

// addChangedChildren adds the children query selects to changed_children.
// When that adds any, the rows kept aside for fewer children no longer
// serve and are dropped.
func (inc *incremental) addChangedChildren(ctx context.Context, conn *sql.Conn, query string) error {
	count := func() (n int64, err error) {
		err = conn.QueryRowContext(ctx, "SELECT count(*) FROM changed_children").Scan(&n)
		return n, err
	}
	before, err := count()
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "INSERT OR IGNORE INTO changed_children "+query); err != nil {
		return err
	}
	after, err := count()
	if err != nil || after == before {
		return err
	}
	inc.childrenVersion++
	return inc.dropKeptRows(ctx, conn, func(string) bool { return true })
}

// dropKeptRows drops the kept rows of the models done says nothing will
// read again.
func (inc *incremental) dropKeptRows(ctx context.Context, conn *sql.Conn, done func(model string) bool) error {
	for _, model := range slices.Sorted(maps.Keys(inc.kept)) {
		if !done(model) {
			continue
		}
		if _, err := conn.ExecContext(ctx, "DROP TABLE IF EXISTS "+keptName(model)); err != nil {
			return err
		}
		delete(inc.kept, model)
	}
	return nil
}

// deltaName is the temp view of a relation's rows of the changed children.
func deltaName(relation string) string {
	return "changed__" + strings.ReplaceAll(relation, ".", "__")
}

// keptName is the temp table of a model's new rows of the changed
// children.
func keptName(model string) string {
	return "kept__" + strings.ReplaceAll(model, ".", "__")
}
