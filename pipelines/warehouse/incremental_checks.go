package warehouse

import (
	"context"
	"database/sql"
	"fmt"

	"carewh/pipelines/models"
)

// checkModel runs the checks of a model the build touched again, in place
// of their last results. A model updated for the changed children alone
// has its other rows as the live warehouse had them, where its checks
// last ran: a check that found no row breaking it there, and that reads
// nothing else that changed since, is counted over the model's new rows
// (models.Check.QueryOfChanges); any other over the whole model.
func (inc *incremental) checkModel(ctx context.Context, conn *sql.Conn, m models.Model, how string) error {
	var before map[string]int64
	if how == buildChildren {
		var err error
		if before, err = failingBefore(ctx, conn, m.Name); err != nil {
			return err
		}
	}
	if _, err := conn.ExecContext(ctx, "DELETE FROM ops.check_results WHERE model = ?", m.Name); err != nil {
		return err
	}
	if how != buildChildren {
		return inc.runChecks(ctx, conn, m)
	}
	failing := make([]int64, len(m.Checks))
	for i, c := range m.Checks {
		query, ok := c.QueryOfChanges(m.Name, keptName(m.Name))
		if last, ran := before[c.String()]; !ok || !ran || last != 0 || !inc.allUnchanged(c.Reads()) {
			query = c.Query(m.Name)
		}
		if err := conn.QueryRowContext(ctx, query).Scan(&failing[i]); err != nil {
			return fmt.Errorf("running check %s: %w", c, err)
		}
	}
	return inc.recordChecks(ctx, conn, m, failing)
}

// failingBefore reads how many rows broke each check of a model when its
// checks last ran.
func failingBefore(ctx context.Context, conn *sql.Conn, model string) (map[string]int64, error) {
	rows, err := conn.QueryContext(ctx, `SELECT "check", failing_rows FROM ops.check_results WHERE model = ?`, model)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	failing := map[string]int64{}
	for rows.Next() {
		var check string
		var n int64
		if err := rows.Scan(&check, &n); err != nil {
			return nil, err
		}
		failing[check] = n
	}
	return failing, rows.Err()
}

// allUnchanged reports whether the build knows none of the relations
// changed.
func (inc *incremental) allUnchanged(relations []string) bool {
	for _, r := range relations {
		if status, known := inc.status[r]; !known || status != unchanged {
			return false
		}
	}
	return true
}
