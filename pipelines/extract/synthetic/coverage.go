package synthetic

import "time"

// HistoryStart is the first day of the activity (reviews, visits,
// assessments, plans) that an extract made as at asOf holds: a year before
// its six-year history window, as the council writes it. Episodes of
// periods of care that began earlier are written whole, so this is the
// extract's history start in the sense of config source.history_start.
func HistoryStart(asOf time.Time) time.Time {
	return asOf.AddDate(-historyYears, 0, 0).AddDate(-1, 0, 0)
}
