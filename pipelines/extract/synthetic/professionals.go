package synthetic

import (
	"fmt"
	"math"
	"time"
)

// worker is one member of staff.
type worker struct {
	id, staffID, name, reg string
	title                  string // job title, a STAFF_ROLE description
	dept                   string // team or service
	fte                    float64
	agency                 bool
	start, end             time.Time // employed from start until end (zero: still at AsOf)
	used                   bool      // referenced by a row written
}

// activeOn reports whether w is employed on d.
func (w *worker) activeOn(d time.Time) bool {
	return !d.Before(w.start) && (w.end.IsZero() || d.Before(w.end))
}

// staffing is a council's staff, by pool. Workers in a pool follow one
// another in "slots": when one leaves, another starts after a vacancy.
type staffing struct {
	all  []*worker
	iros []*worker
	sws  [][]*worker // by team
	tms  [][]*worker // by team
}

// iroService is the department of every IRO.
const iroService = "Independent Reviewing Service"

// hireStaff fills every slot from before the first entry simulated up to
// AsOf. Scale 1 has 52 IRO slots (about 45 FTE), and per team 25 social
// workers and 4 team managers.
func (c *council) hireStaff() {
	iroSlots := max(3, int(math.Round(52*c.size)))
	for range iroSlots {
		fte := 1.0
		if chance(c.r, 0.24) {
			fte = pick(c.r, 0.5, 0.6, 0.8)
		}
		c.staff.iros = append(c.staff.iros, c.fillSlot(titleIRO, iroService, fte, 7, 0)...)
	}
	swSlots := max(2, int(math.Round(25*c.size)))
	tmSlots := max(1, int(math.Round(4*c.size)))
	c.staff.sws = make([][]*worker, len(c.teams))
	c.staff.tms = make([][]*worker, len(c.teams))
	for i, t := range c.teams {
		for range swSlots {
			fte := 1.0
			if chance(c.r, 0.12) {
				fte = pick(c.r, 0.6, 0.8)
			}
			c.staff.sws[i] = append(c.staff.sws[i], c.fillSlot(titleSW, t.name, fte, 4, 0.12)...)
		}
		for range tmSlots {
			c.staff.tms[i] = append(c.staff.tms[i], c.fillSlot(titleTM, t.name, 1, 6, 0.03)...)
		}
	}
}

// fillSlot returns the workers who hold one post in turn.
func (c *council) fillSlot(title, dept string, fte, tenureYears, agencyRate float64) []*worker {
	var ws []*worker
	start := addDays(c.burnStart, -between(c.r, 0, int(tenureYears*365)))
	for !start.After(c.asOf) {
		w := &worker{
			id:      c.id("W"),
			staffID: fmt.Sprintf("%sS%05d", c.code, len(c.staff.all)+1),
			name:    pick(c.r, firstNames...) + " " + pick(c.r, surnames...),
			reg:     registrationNumber(c.r),
			title:   title,
			dept:    dept,
			fte:     fte,
			agency:  chance(c.r, agencyRate),
			start:   start,
		}
		if chance(c.r, 0.1) && fte == 1 {
			w.fte = pick(c.r, 0.8, 0.9)
		}
		w.end = addDays(start, 180+expDays(c.r, tenureYears*365))
		if w.end.After(c.asOf) {
			w.end = time.Time{}
		}
		ws = append(ws, w)
		c.staff.all = append(c.staff.all, w)
		if w.end.IsZero() {
			break
		}
		start = addDays(w.end, between(c.r, 0, 100))
	}
	return ws
}

// pickWorker draws a worker of pool employed on d, weighted by FTE, other
// than not. With none employed it returns the pool's nearest.
func (c *council) pickWorker(pool []*worker, d time.Time, not *worker) *worker {
	total := 0.0
	for _, w := range pool {
		if w != not && w.activeOn(d) {
			total += w.fte
		}
	}
	if total == 0 {
		for _, w := range pool {
			if !w.start.After(d) && w != not {
				return w
			}
		}
		return pool[0]
	}
	x := c.r.Float64() * total
	var last *worker
	for _, w := range pool {
		if w != not && w.activeOn(d) {
			if x < w.fte {
				return w
			}
			x -= w.fte
			last = w
		}
	}
	return last
}

// alloc is one worker's allocation to a child.
type alloc struct {
	w          *worker
	start, end time.Time // end zero: still allocated at AsOf
	reason     string    // why it ended (invo_worker_change_reason)
}

// allocate allocates workers of pool to a child from start until end (zero:
// open at AsOf). The worker changes when they leave, and otherwise about
// changesPerYear times a year. prev, if still employed, is usually kept.
func (c *council) allocate(pool []*worker, start, end time.Time, changesPerYear float64, prev *worker) []alloc {
	horizon := end
	if horizon.IsZero() {
		horizon = addDays(c.asOf, 1)
	}
	cur := prev
	if cur == nil || !cur.activeOn(start) || !chance(c.r, 0.75) {
		cur = c.pickWorker(pool, start, nil)
	}
	var out []alloc
	t := start
	for {
		next := addDays(t, 1+expDays(c.r, 365/changesPerYear))
		reason := pick(c.r, "MANAGE", "ORGRST", "CHCHAN", "OTHERS")
		if !cur.end.IsZero() && cur.end.After(t) && cur.end.Before(next) {
			next, reason = cur.end, "LEFTRL"
		}
		if !next.Before(horizon) {
			return append(out, alloc{w: cur, start: t, end: end})
		}
		out = append(out, alloc{w: cur, start: t, end: next, reason: reason})
		t = next
		cur = c.pickWorker(pool, t, cur)
	}
}

// workerOn returns the worker of allocs on d (the first or last if d is
// outside them), and marks them used.
func workerOn(allocs []alloc, d time.Time) *worker {
	w := allocs[0].w
	for _, a := range allocs {
		if !a.start.After(d) {
			w = a.w
		}
	}
	w.used = true
	return w
}

// writeProfessionals writes the staff referenced by any row, and everyone
// employed during the history window.
func (c *council) writeProfessionals() {
	for _, w := range c.staff.all {
		inWindow := w.end.IsZero() || !w.end.Before(c.windowStart)
		if !w.used && !inWindow {
			continue
		}
		c.out.emit(fileProfessionals, rec{
			"prof_professional_id":               w.id,
			"prof_professional_job_title":        w.title,
			"prof_professional_department":       w.dept,
			"prof_full_time_equivalency":         decimal(w.fte),
			"prof_active_flag":                   yn(w.end.IsZero()),
			"prof_staff_id":                      w.staffID,
			"prof_professional_name":             w.name,
			"prof_social_worker_registration_no": w.reg,
			"prof_agency_worker_flag":            yn(w.agency),
		})
	}
}

// writeInvolvements writes a child's allocations, those that reach the
// lookback window, with the role as a description.
func (c *council) writeInvolvements(personID, role string, allocs []alloc) {
	for _, a := range allocs {
		if !a.end.IsZero() && a.end.Before(c.lookback) {
			continue
		}
		a.w.used = true
		c.out.emit(fileInvolvements, rec{
			"invo_involvements_id":        c.id("IN"),
			"invo_professional_id":        a.w.id,
			"invo_person_id":              personID,
			"invo_professional_role_id":   role,
			"invo_professional_team":      a.w.dept,
			"invo_involvement_start_date": isoDateTime(a.start),
			"invo_involvement_end_date":   isoDateTime(a.end),
			"invo_worker_change_reason":   a.reason,
		})
	}
}
