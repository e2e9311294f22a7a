package synthetic

import "time"

// Conflict kinds: faults that make a child's rows disagree with each
// other, as real case-system extracts and SSDA903 returns do (LIIA's
// episode fixes and Data to Insight's 903 validator find the same ones).
// Each row is valid on its own; only the child's history as a whole is
// wrong. They are keys of Summary.Faults, like the Fault constants.
const (
	// FaultOverlappingEpisodes ends an episode after the next one of its
	// period starts (a move recorded before the old episode was closed).
	FaultOverlappingEpisodes = "overlapping_episodes"
	// FaultSameDayEpisodes writes an episode twice, the copy under a new
	// episode id: two episodes of one child starting the same day.
	FaultSameDayEpisodes = "same_day_episodes"
	// FaultOpenNotLast leaves an episode that another follows with no end
	// date and no reason ceased.
	FaultOpenNotLast = "open_episode_not_last"
	// FaultX1OnOpen gives the open last episode of a child still looked
	// after the reason ceased X1 but no end date.
	FaultX1OnOpen = "x1_on_open_episode"
	// FaultRNEAfterCeased starts a re-entry into care with RNE P, L, T, B or
	// U instead of S, straight after the episode that ended the previous
	// period with a reason other than X1.
	FaultRNEAfterCeased = "rne_not_s_after_ceased"
	// FaultEndAfterAsAt gives the open last episode of a child still looked
	// after an end date (and reason) after the as-at date: a planned
	// discharge entered ahead of time.
	FaultEndAfterAsAt = "episode_end_after_as_at"
	// FaultReviewAfterAsAt writes the next LAC review of a child still
	// looked after as held, dated after the as-at date.
	FaultReviewAfterAsAt = "review_after_as_at"
	// FaultDuplicateNewID writes a CP plan, placement or LAC review twice,
	// the copy under a new id with the same content.
	FaultDuplicateNewID = "duplicate_new_id"
)

// ConflictKinds lists the conflict kinds, in the order they are tried.
var ConflictKinds = []string{
	FaultOverlappingEpisodes, FaultSameDayEpisodes, FaultOpenNotLast, FaultX1OnOpen,
	FaultRNEAfterCeased, FaultEndAfterAsAt, FaultReviewAfterAsAt, FaultDuplicateNewID,
}

// ConflictRates are the chances of each conflict kind. A period of care
// carries at most one episode conflict. Zero turns a kind off.
type ConflictRates struct {
	// OverlappingEpisodes, SameDayEpisodes and OpenNotLast are chances
	// per period of care (of periods with two episodes or more, for
	// overlaps and open episodes).
	OverlappingEpisodes, SameDayEpisodes, OpenNotLast float64
	// X1OnOpen, EndAfterAsAt and ReviewAfterAsAt are chances per period
	// of care open at the as-at date.
	X1OnOpen, EndAfterAsAt, ReviewAfterAsAt float64
	// RNEAfterCeased is the chance per re-entry into care (a period after
	// another of the same child; short breaks excluded).
	RNEAfterCeased float64
	// DuplicateNewID is the chance per CP plan, placement and LAC review
	// row.
	DuplicateNewID float64
}

// DefaultConflictRates are what WriteDir uses when Options.Conflicts is
// nil: at scale 1, a few dozen of each kind over the six years.
var DefaultConflictRates = ConflictRates{
	OverlappingEpisodes: 0.006, SameDayEpisodes: 0.005, OpenNotLast: 0.004,
	X1OnOpen: 0.01, EndAfterAsAt: 0.01, ReviewAfterAsAt: 0.015,
	RNEAfterCeased: 0.1,
	DuplicateNewID: 0.001,
}

// NoConflicts turns every conflict kind off.
var NoConflicts = ConflictRates{}

// epRow is one episode as written: a simulated episode, or one a conflict
// changed or added.
type epRow struct {
	id         string
	start, end time.Time // end zero: open
	rne, rec   string
	place      int    // index into the period's places
	fault      string // the conflict that made or changed it, "" for none
}

// episodeRows returns the episodes of p as they are written, with at most
// one conflict; the writer counts the conflicts of the rows it writes.
// reentry says a period of the same child was written before this one.
func (c *council) episodeRows(p *period, reentry bool) []epRow {
	rows := make([]epRow, len(p.eps), len(p.eps)+1)
	for i, e := range p.eps {
		rows[i] = epRow{id: e.id, start: e.start, end: e.end, rne: e.rne, rec: e.rec, place: e.place}
	}
	rt, r := c.conflicts, c.sr
	n := len(rows)
	last := &rows[n-1]
	mark := func(row *epRow, kind string) []epRow {
		row.fault = kind
		return rows
	}
	if n >= 2 && chance(r, rt.OverlappingEpisodes) {
		i := r.IntN(n - 1)
		end := minDate(addDays(rows[i+1].start, between(r, 1, 30)), c.asOf)
		if rows[i+1].end.IsZero() || end.Before(rows[i+1].end) {
			if end.After(rows[i+1].start) {
				rows[i].end = end
				return mark(&rows[i], FaultOverlappingEpisodes)
			}
		}
	}
	if chance(r, rt.SameDayEpisodes) {
		i := r.IntN(n)
		dup := rows[i]
		dup.id = c.id("EP")
		rows = append(rows[:i+1], append([]epRow{dup}, rows[i+1:]...)...)
		return mark(&rows[i+1], FaultSameDayEpisodes)
	}
	if n >= 2 && chance(r, rt.OpenNotLast) {
		i := r.IntN(n - 1)
		rows[i].end, rows[i].rec = time.Time{}, ""
		return mark(&rows[i], FaultOpenNotLast)
	}
	if reentry && !p.shortBreak && chance(r, rt.RNEAfterCeased) {
		rows[0].rne = pick(r, "P", "P", "L", "T", "B", "U")
		return mark(&rows[0], FaultRNEAfterCeased)
	}
	if p.open() && chance(r, rt.X1OnOpen) {
		last.rec = "X1"
		return mark(last, FaultX1OnOpen)
	}
	if p.open() && chance(r, rt.EndAfterAsAt) {
		last.end = addDays(c.asOf, between(r, 1, 90))
		last.rec = pick(r, "E4A", "E4A", "E13", "E8")
		return mark(last, FaultEndAfterAsAt)
	}
	return rows
}

// futureReview reports whether a period open at the as-at date gets its
// next review written as held, after the as-at date.
func (c *council) futureReview(p *period) bool {
	if !p.open() || !chance(c.sr, c.conflicts.ReviewAfterAsAt) {
		return false
	}
	c.out.faults.counts[FaultReviewAfterAsAt]++
	return true
}

// newIDKeys are the rows FaultDuplicateNewID copies under a new id: the
// key column and the id kind of each file.
var newIDKeys = map[string]struct{ column, kind string }{
	fileCPPlans:    {"cppl_cp_plan_id", "PP"},
	filePlacements: {"clap_cla_placement_id", "PL"},
	fileReviews:    {"clar_cla_review_id", "RV"},
}
