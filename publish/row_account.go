package publish

import (
	"context"
	"database/sql"
	"fmt"
)

// RowAccount is a run's account of its source rows, over every table:
// Read = Loaded + Fixed + Quarantined (ops.row_accounting).
type RowAccount struct {
	Read, Loaded, Fixed, Quarantined int64
}

// ReadRowAccount sums ops.row_accounting of the warehouse's run.
func ReadRowAccount(ctx context.Context, db *sql.DB) (RowAccount, error) {
	var a RowAccount
	err := db.QueryRowContext(ctx, `SELECT coalesce(sum(read_rows), 0), coalesce(sum(loaded_rows), 0),
		coalesce(sum(fixed_rows), 0), coalesce(sum(quarantined_rows), 0) FROM ops.row_accounting`).
		Scan(&a.Read, &a.Loaded, &a.Fixed, &a.Quarantined)
	if err != nil {
		return a, fmt.Errorf("reading ops.row_accounting: %w", err)
	}
	return a, nil
}

// String says the account as the run's summary prints it.
func (a RowAccount) String() string {
	s := fmt.Sprintf("source rows: %d read, %d loaded as read, %d fixed, %d quarantined", a.Read, a.Loaded, a.Fixed, a.Quarantined)
	if a.Read != a.Loaded+a.Fixed+a.Quarantined {
		s += fmt.Sprintf(" (%d unaccounted for: see ops.row_accounting)", a.Read-a.Loaded-a.Fixed-a.Quarantined)
	}
	if a.Fixed+a.Quarantined > 0 {
		s += "; why: carewh query \"FROM ops.data_fixes\", \"FROM ops.quarantine\""
	}
	return s
}
