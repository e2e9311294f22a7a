package synthetic

import "time"

// period is a period of care simulated in detail and cut at AsOf.
type period struct {
	*plannedPeriod
	id   string // clae_cla_id
	need string // CIN primary need code
	// stop is the day care ceased; zero when the child is still looked
	// after at AsOf.
	stop time.Time
	// reentry: a period of the same child was written before this one.
	reentry bool
	legal   []legalStatus
	places  []placement
	eps     []episode
}

// legalStatus is one ssd_legal_status row: status from start until end
// (exclusive; zero when open).
type legalStatus struct {
	id         string
	status     string
	start, end time.Time
}

// placement is one ssd_cla_placement row.
type placement struct {
	id         string
	start, end time.Time // end exclusive; zero when open
	ptype      string
	provider   string
	carer      int    // carers are numbered within the child
	reason     string // why it ended (placement change reason)
	episodeID  string // the episode it starts with
	postcode   string
	urn, la    string
	distance   float64
}

// episode is one ssd_cla_episodes row.
type episode struct {
	id         string
	start, end time.Time // end exclusive; zero when open
	rne, rec   string
	place      int // index into places
}

// open reports whether the child is still looked after at AsOf.
func (p *period) open() bool { return p.stop.IsZero() }

// until is the first day the period has no activity after: the day care
// ceased, or the day after AsOf.
func (p *period) until(asOf time.Time) time.Time {
	if p.open() {
		return addDays(asOf, 1)
	}
	return p.stop
}

// episodeOn returns the episode in force on d (the first or last if d is
// outside the period).
func (p *period) episodeOn(d time.Time) *episode {
	e := &p.eps[0]
	for i := range p.eps {
		if !p.eps[i].start.After(d) {
			e = &p.eps[i]
		}
	}
	return e
}

// placementOn returns the placement in force on d.
func (p *period) placementOn(d time.Time) *placement {
	pl := &p.places[0]
	for i := range p.places {
		if !p.places[i].start.After(d) {
			pl = &p.places[i]
		}
	}
	return pl
}
