package ssda903

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"carewh/canonical"
)

// RuleSuperseded marks an episode of one return that the next return
// replaced: it was still open when the next collection year began, the
// next return lists the child, but not this episode.
const RuleSuperseded = "superseded"

// episode is one merged row of the Episodes files, with what is derived
// from the child's other episodes.
type episode struct {
	child, ref                                 string // CHILD as read (trimmed), and its part of the ids made from it (canonical.ChildScoped)
	id                                         string // ref/DECOM
	coll                                       collection
	origin                                     string
	line                                       int64
	decomRaw                                   string
	decRaw                                     string
	decom, dec                                 time.Time
	hasDecom                                   bool
	hasDec                                     bool
	rne, ls, cin, place, provider, rec, reason string
	// duplicate: a second row with the same key in one return; passed on
	// for the transforms to quarantine, left out of every derivation.
	duplicate bool

	period    *period    // nil for undated and duplicate episodes
	placement *placement // the placement the episode belongs to
}

// code is a code value as compared here: trimmed, upper case.
func code(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// contains reports whether day falls within the episode; an episode with no
// readable end date is taken as open.
func (e *episode) contains(day time.Time) bool {
	return !day.Before(e.decom) && (!e.hasDec || !day.After(e.dec))
}

// period is a period of care: a child's unbroken run of episodes.
type period struct {
	id       string // ref/start
	start    time.Time
	end      time.Time // the last episode's end; zero while open
	open     bool
	episodes []*episode // in order
}

// placement is a run of episodes in one placement (the first starts it;
// the rest changed legal status only).
type placement struct {
	id       string
	period   *period
	episodes []*episode
}

// episodeIndex is every merged episode, with periods and placements.
type episodeIndex struct {
	all     []*episode            // output order: newest return first, then line
	byChild map[string][]*episode // dated, not duplicate, in date order
	periods map[string][]*period  // per child, in date order
	files   int                   // Episodes files read
}

// loadEpisodes reads and merges the Episodes files of every year, newest
// return first, and derives periods of care and placements.
func (s *Source) loadEpisodes(q canonical.Quarantine) (*episodeIndex, error) {
	files, err := s.yearFiles(episodesSpec)
	if err != nil {
		return nil, err
	}
	idx := &episodeIndex{byChild: map[string][]*episode{}, periods: map[string][]*period{}, files: len(files)}
	later := map[string]bool{}        // keys of returns later than the one being read
	nextChildren := map[string]bool{} // children of the next (one year later) return
	var nextYear int                  // that return's end year, 0 if none is loaded
	var superseded int
	for _, yf := range files {
		f, err := openCSV(yf.path, yf.coll, episodesSpec, s.opts.Digests, s.log)
		if err != nil {
			return nil, err
		}
		thisYear := map[string]bool{}
		children := map[string]bool{}
		for {
			rec, ok, err := f.next(q, "cla_episodes")
			if err != nil {
				f.close()
				return nil, err
			}
			if !ok {
				break
			}
			e := newEpisode(rec)
			key := e.child + "\x00" + dateKey(e.decomRaw)
			if later[key] {
				continue // a later return has the episode
			}
			if nextYear == yf.coll.endYear+1 && nextChildren[e.child] && e.hasDecom && openAt(e, yf.coll.endYear+1) {
				superseded++
				msg := fmt.Sprintf("%s line %d: the episode starting %s was open when the %d-%02d collection year began, "+
					"but the %d-%02d return, which lists the child, does not have it: the later return supersedes it",
					f.origin, rec.line, iso(e.decom), yf.coll.endYear, (yf.coll.endYear+1)%100, yf.coll.endYear, (yf.coll.endYear+1)%100)
				if err := q.Reject(canonical.Rejection{Table: "cla_episodes", Source: f.origin, Line: rec.line,
					Key: strings.TrimSpace(e.id), Rule: RuleSuperseded, Column: "episode_start_date", Value: e.decomRaw, Message: msg}); err != nil {
					f.close()
					return nil, err
				}
				continue
			}
			e.duplicate = thisYear[key]
			thisYear[key] = true
			children[e.child] = true
			idx.all = append(idx.all, e)
		}
		f.close()
		for k := range thisYear {
			later[k] = true
		}
		nextChildren, nextYear = children, yf.coll.endYear
	}
	if superseded > 0 {
		s.log.Warn("episodes superseded by a later return", "rows", superseded)
	}
	idx.derive()
	return idx, nil
}

// openAt reports whether the episode was still open on 1 April of the
// collection year ending in endYear: no end date, or an end on or after it.
// An unreadable end date is not taken as open: the episode is kept.
func openAt(e *episode, endYear int) bool {
	start := time.Date(endYear-1, time.April, 1, 0, 0, 0, 0, time.UTC)
	if strings.TrimSpace(e.decRaw) == "" {
		return true
	}
	return e.hasDec && !e.dec.Before(start)
}

func newEpisode(rec record) *episode {
	e := &episode{
		child:    strings.TrimSpace(rec.get("CHILD")),
		coll:     rec.f.coll,
		origin:   rec.f.origin,
		line:     rec.line,
		decomRaw: rec.get("DECOM"),
		decRaw:   rec.get("DEC"),
		rne:      rec.get("RNE"),
		ls:       rec.get("LS"),
		cin:      rec.get("CIN"),
		place:    rec.get("PLACE"),
		provider: rec.get("PLACE_PROVIDER"),
		rec:      rec.get("REC"),
		reason:   rec.get("REASON_PLACE_CHANGE"),
	}
	e.ref = canonical.ChildScoped(e.child)
	e.decom, e.hasDecom = parseDate(e.decomRaw)
	e.dec, e.hasDec = parseDate(e.decRaw)
	e.id = e.ref + "/" + dateKey(e.decomRaw)
	return e
}

// derive groups each child's dated episodes into periods of care and
// placements.
func (idx *episodeIndex) derive() {
	for _, e := range idx.all {
		if e.hasDecom && !e.duplicate && e.child != "" {
			idx.byChild[e.child] = append(idx.byChild[e.child], e)
		}
	}
	for child, eps := range idx.byChild {
		slices.SortStableFunc(eps, func(a, b *episode) int { return a.decom.Compare(b.decom) })
		var p *period
		var pl *placement
		for i, e := range eps {
			if i == 0 || code(e.rne) == "S" || (code(eps[i-1].rec) != "" && code(eps[i-1].rec) != "X1") {
				p = &period{id: e.ref + "/" + iso(e.decom), start: e.decom}
				idx.periods[child] = append(idx.periods[child], p)
				pl = nil
			}
			p.episodes = append(p.episodes, e)
			e.period = p
			if pl == nil || code(e.rne) != "L" {
				pl = &placement{id: e.ref + "/" + iso(e.decom), period: p}
			}
			pl.episodes = append(pl.episodes, e)
			e.placement = pl
		}
	}
	for _, ps := range idx.periods {
		for _, p := range ps {
			p.open = false
			for _, e := range p.episodes {
				if !e.hasDec {
					p.open = true
				} else if e.dec.After(p.end) {
					p.end = e.dec
				}
			}
		}
	}
}

// reviewEpisode is the episode a review on day belongs to: the latest
// starting episode that contains it; else the latest that started before
// it; else the child's first. nil if the child has no dated episode.
func (idx *episodeIndex) reviewEpisode(child string, day time.Time) *episode {
	eps := idx.byChild[child]
	var containing, before *episode
	for _, e := range eps {
		if e.contains(day) {
			containing = e
		}
		if !e.decom.After(day) {
			before = e
		}
	}
	switch {
	case containing != nil:
		return containing
	case before != nil:
		return before
	case len(eps) > 0:
		return eps[0]
	}
	return nil
}

// periodAt is the child's period of care containing day, else the latest
// that started before it; nil if none did.
func (idx *episodeIndex) periodAt(child string, day time.Time) *period {
	var before *period
	for _, p := range idx.periods[child] {
		if day.Before(p.start) {
			break
		}
		before = p
		if p.open || !day.After(p.end) {
			return p
		}
	}
	return before
}
