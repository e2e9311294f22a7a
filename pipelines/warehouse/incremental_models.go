package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"

	"carewh/pipelines/duck"
	"carewh/pipelines/models"
)

// How an incremental build brought a model up to date, in
// ops.model_runs.build (a full build's models say "full").
const (
	buildFull      = "full"
	buildChildren  = "changed children"
	buildRebuilt   = "rebuilt"
	buildUnchanged = "unchanged"
)

// updateModels brings each model up to date, in dependency order, from
// the status of what it reads:
//   - nothing it reads changed: it is kept as it is;
//   - a model keyed by child reads only relations that are unchanged or
//     changed for the changed children alone (or, for a model that names
//     every child, also in rows that name none): its rows of the changed
//     children are worked out again, from those children's rows of what
//     changed (and the whole of what did not), and replace theirs;
//   - otherwise it is rebuilt whole, and compared with what it was: a
//     model whose rows name their child (a person_id column) that now
//     differs for more children adds them to the changed children, so
//     what reads it can again go by child (what names every child, even
//     when rows naming none differ too); any other model that differs at
//     all has changed whole.
//
// A model's rows of a child depend only on that child's rows of what it
// reads (that is what "-- incremental: person_id" declares), so by
// induction every model ends as Run would build it; a model that also
// checks that every row names a child has no rows that rows naming none
// could change. Each model's checks run again when it was touched.
func (inc *incremental) updateModels(ctx context.Context, conn *sql.Conn) error {
	var built []string
	lastReader := map[string]int{}
	for i, m := range inc.Models {
		for _, d := range m.Depends {
			lastReader[d] = i
		}
	}
	for i, m := range inc.Models {
		start := time.Now()
		how, err := inc.updateModel(ctx, conn, m)
		if err != nil {
			return &ModelFailure{Model: m.Name, Built: built, Err: err}
		}
		if how != buildUnchanged {
			if err := inc.checkModel(ctx, conn, m, how); err != nil {
				return &ModelFailure{Model: m.Name, Built: built, Err: err}
			}
		}
		if err := inc.dropKeptRows(ctx, conn, func(relation string) bool { return lastReader[relation] <= i }); err != nil {
			return err
		}
		built = append(built, m.Name)
		if _, err := conn.ExecContext(ctx, "DELETE FROM ops.model_runs WHERE model = ?", m.Name); err != nil {
			return err
		}
		if err := inc.recordModelRun(ctx, conn, m, how, start); err != nil {
			return &ModelFailure{Model: m.Name, Built: built, Err: err}
		}
	}
	return nil
}

// updateModel brings one model up to date and says how.
func (inc *incremental) updateModel(ctx context.Context, conn *sql.Conn, m models.Model) (string, error) {
	read := inc.readStatus(m)
	switch {
	case m.Materialize == "macro":
		return buildUnchanged, nil
	case m.Materialize == "view":
		// A view reads the relations as they now are; what reads it must
		// take it as changed as the worst of them.
		inc.status[m.Name] = read
		if read != unchanged && m.Incremental == "" {
			inc.status[m.Name] = wholeChanged
		}
		return buildUnchanged, nil
	case read == unchanged:
		inc.status[m.Name] = unchanged
		return buildUnchanged, nil
	case read == childrenChanged && m.Incremental != "":
		inc.status[m.Name] = childrenChanged
		return buildChildren, inc.onOneThreadIfOutOfMemory(ctx, conn, m, func() error { return inc.updateChildren(ctx, conn, m) })
	}
	status := wholeChanged
	err := inc.onOneThreadIfOutOfMemory(ctx, conn, m, func() (err error) {
		status, err = inc.rebuild(ctx, conn, m)
		return err
	})
	inc.status[m.Name] = status
	return buildRebuilt, err
}

// readStatus is how changed what m reads is, taken together: the worst
// of the relations' statuses, where rows naming no child changed count
// for nothing to a model that names every child.
func (inc *incremental) readStatus(m models.Model) changeStatus {
	read := unchanged
	for _, d := range m.Depends {
		status := inc.status[d]
		if status == childrenAndUnkeyedChanged && m.NamesEveryChild() {
			status = childrenChanged
		}
		read = max(read, status)
	}
	return read
}

// updateChildren replaces a child-keyed model's rows of the changed
// children with the rows its SQL gives when what it reads that changed by
// child is cut down to those children. The new rows are kept aside (see
// keptRows) for its checks and for what reads it.
func (inc *incremental) updateChildren(ctx context.Context, conn *sql.Conn, m models.Model) error {
	query := m.SQL
	for _, d := range m.Depends {
		if s := inc.status[d]; s != childrenChanged && s != childrenAndUnkeyedChanged {
			continue
		}
		rows, err := inc.changedRows(ctx, conn, d)
		if err != nil {
			return err
		}
		query = relationPattern(d).ReplaceAllString(query, "${1}"+rows)
	}
	key := duck.QuoteIdent(m.Incremental)
	kept := keptName(m.Name)
	err := inTx(ctx, conn, func(tx *sql.Tx) error {
		for _, stmt := range []string{
			fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS SELECT * FROM (\n%s\n) WHERE %s IN (SELECT person_id FROM changed_children)", kept, query, key),
			fmt.Sprintf("DELETE FROM %s WHERE %s IN (SELECT person_id FROM changed_children)", m.Name, key),
			fmt.Sprintf("INSERT INTO %s SELECT * FROM %s", m.Name, kept),
		} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%s: %w", m.File, err)
			}
		}
		return nil
	})
	if err == nil {
		inc.kept[m.Name] = inc.childrenVersion
	}
	return err
}

// relationPattern matches a relation's name in SQL where it is read (not
// a longer name it begins, nor a column of it after a dot).
func relationPattern(relation string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(^|[^\w."])` + regexp.QuoteMeta(relation) + `\b`)
}

// rebuild builds a model whole beside its last build and compares the two.
// When they are the same the last build stays; otherwise the new one takes
// its place. A model whose rows name their child (keyed by child, or
// built whole but with a person_id column) that differs adds the children
// its differing rows name to the changed children, and is changed by
// child, or by child and in rows naming none when some name none: what
// reads it by child needs only those children's rows of it. Any other
// difference changes it whole.
func (inc *incremental) rebuild(ctx context.Context, conn *sql.Conn, m models.Model) (changeStatus, error) {
	next := m.Name + "__next"
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("CREATE OR REPLACE TABLE %s AS\n%s", next, m.SQL)); err != nil {
		return wholeChanged, fmt.Errorf("%s: %w", m.File, err)
	}
	diff := fmt.Sprintf(`(SELECT * FROM %[1]s EXCEPT ALL SELECT * FROM %[2]s)
		UNION ALL (SELECT * FROM %[2]s EXCEPT ALL SELECT * FROM %[1]s)`, next, m.Name)
	namesChild, err := hasColumn(ctx, conn, next, models.IncrementalKey)
	if err != nil {
		return wholeChanged, err
	}
	status := wholeChanged
	if namesChild {
		key := duck.QuoteIdent(models.IncrementalKey)
		if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE model_diff AS SELECT DISTINCT "+key+" AS person_id FROM ("+diff+")"); err != nil {
			return wholeChanged, err
		}
		var rows, unkeyed int64
		if err := conn.QueryRowContext(ctx, "SELECT count(*), count(*) FILTER (WHERE person_id IS NULL) FROM model_diff").Scan(&rows, &unkeyed); err != nil {
			return wholeChanged, err
		}
		switch {
		case rows == 0:
			status = unchanged
		case unkeyed == 0:
			status = childrenChanged
		default:
			status = childrenAndUnkeyedChanged
		}
		if status != unchanged {
			if err := inc.addChangedChildren(ctx, conn, "SELECT person_id FROM model_diff WHERE person_id IS NOT NULL"); err != nil {
				return wholeChanged, err
			}
		}
	} else {
		var differ bool
		if err := conn.QueryRowContext(ctx, "SELECT EXISTS ("+diff+")").Scan(&differ); err != nil {
			return wholeChanged, err
		}
		if !differ {
			status = unchanged
		}
	}
	if status == unchanged {
		_, err := conn.ExecContext(ctx, "DROP TABLE "+next)
		return status, err
	}
	_, name, _ := strings.Cut(m.Name, ".")
	err = inTx(ctx, conn, func(tx *sql.Tx) error {
		for _, stmt := range []string{
			"DROP TABLE " + m.Name,
			fmt.Sprintf("ALTER TABLE %s RENAME TO %s", next, name),
		} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return err
			}
		}
		if m.Description == "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, fmt.Sprintf("COMMENT ON TABLE %s IS %s", m.Name, duck.Quote(m.Description)))
		return err
	})
	return status, err
}

// hasColumn reports whether a table (schema.name) of the warehouse has a
// column.
func hasColumn(ctx context.Context, conn *sql.Conn, table, column string) (bool, error) {
	schema, name, _ := strings.Cut(table, ".")
	var n int
	err := conn.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_columns()
		WHERE database_name = current_database() AND schema_name = ? AND table_name = ? AND column_name = ?`,
		schema, name, column).Scan(&n)
	return n > 0, err
}
