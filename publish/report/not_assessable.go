package report

import (
	"context"
	"database/sql"
	"fmt"
)

// loadNotAssessable counts the LAC reviews held in the year whose
// timeliness cannot be assessed: the first observed review of a child
// already looked after when the data begins has no computable due date
// (docs/domain.md §3a). They are held reviews, outside the on-time
// figures.
func (d *data) loadNotAssessable(ctx context.Context, db *sql.DB) error {
	return db.QueryRowContext(ctx, `
		SELECT count(*) FROM marts.lac_review_timeliness WHERE reporting_year = ? AND NOT assessable`,
		d.Year.Label).Scan(&d.NotAssessable)
}

// notAssessableSentence says how many reviews could not be assessed, or
// nothing when every review could; a small count is suppressed like any
// other.
func (b *builder) notAssessableSentence() string {
	n := b.d.NotAssessable
	switch {
	case n == 0:
		return ""
	case b.s.hides(n):
		b.s.note("Reviews that could not be assessed for timeliness")
		return fmt.Sprintf("Fewer than %d reviews of children already looked after before the data begins could not be assessed for timeliness; they are not in the on-time figures.", b.opts.SuppressBelow)
	default:
		return fmt.Sprintf("%s %s of children already looked after before the data begins could not be assessed for timeliness; %s not in the on-time figures.",
			count(n), plural(n, "review", "reviews"), plural(n, "it is", "they are"))
	}
}
