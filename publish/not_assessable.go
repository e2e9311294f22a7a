package publish

import (
	"context"
	"database/sql"
	"fmt"
)

// NotAssessableReviews counts the LAC reviews held in a reporting year
// whose timeliness cannot be assessed: the first observed review of a
// child already looked after when the source's history begins has no
// computable due date (docs/domain.md §3a), so it is left out of the
// on-time measures while still counting as held.
func NotAssessableReviews(ctx context.Context, db *sql.DB, year string) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx, `
		SELECT count(*) FROM marts.lac_review_timeliness WHERE reporting_year = ? AND NOT assessable`, year).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting reviews not assessable in %s: %w", year, err)
	}
	return n, nil
}

// NotAssessableSentence says in words what NotAssessableReviews counted.
func NotAssessableSentence(n int64) string {
	if n == 1 {
		return "1 review of a child already looked after before the data begins could not be assessed for timeliness."
	}
	return fmt.Sprintf("%d reviews of children already looked after before the data begins could not be assessed for timeliness.", n)
}
