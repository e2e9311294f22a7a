package synthetic

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// profile is where a council is: its DfE LA code, postcode areas and towns.
type profile struct {
	name  string
	la    int
	areas []string
	towns []string
}

// profiles are the councils, in order; a run with more councils than
// profiles reuses them.
var profiles = []profile{
	{"Lancashire", 888, []string{"PR", "BB", "FY", "LA"}, []string{"Preston", "Blackburn", "Burnley", "Lancaster", "Chorley", "Morecambe", "Accrington", "Skelmersdale", "Ormskirk", "Nelson", "Fleetwood", "Leyland"}},
	{"Cumbria", 909, []string{"CA", "LA"}, []string{"Carlisle", "Kendal", "Barrow-in-Furness", "Workington", "Whitehaven", "Penrith"}},
	{"Kirklees", 382, []string{"HD", "WF"}, []string{"Huddersfield", "Dewsbury", "Batley", "Holmfirth", "Mirfield"}},
	{"Derbyshire", 830, []string{"DE", "S", "SK"}, []string{"Chesterfield", "Matlock", "Buxton", "Ilkeston", "Glossop", "Belper"}},
	{"Norfolk", 926, []string{"NR", "PE", "IP"}, []string{"Norwich", "King's Lynn", "Great Yarmouth", "Thetford", "Dereham"}},
}

// outOfArea are placements outside the council: postcode areas and the LA
// that holds them.
var outOfArea = []struct{ area, la string }{
	{"M", "Manchester"}, {"L", "Liverpool"}, {"BD", "Bradford"}, {"WN", "Wigan"}, {"BL", "Bolton"},
	{"OL", "Oldham"}, {"LS", "Leeds"}, {"WA", "Warrington"}, {"CH", "Cheshire West and Chester"},
}

// teamNames are the social work teams of every council.
var teamNames = []string{"North", "South", "East", "Central", "Pennine", "Coastal"}

// team is a social work team. quality is a standard normal draw that nudges
// every rate the team's children see, so that teams differ.
type team struct {
	name    string
	quality float64
	weight  float64 // share of children
}

// council is one council being generated.
type council struct {
	num  int
	code string // id prefix, e.g. "C001"
	prof profile
	size float64

	asOf        time.Time
	windowStart time.Time // asOf less six years
	lookback    time.Time // a year before windowStart: activity written from here
	burnStart   time.Time // entries into care simulated from here

	r   *rand.Rand // lives of children and staff
	sr  *rand.Rand // how values are written
	out *sink

	teams     []team
	staff     staffing
	counters  map[string]int
	conflicts ConflictRates
	// ret is set when an SSDA903 return is written instead of the SSD
	// export.
	ret *ssdaReturn
}

func newCouncil(num int, opts Options, tun tuning, out *sink) *council {
	c := &council{
		num:      num,
		code:     fmt.Sprintf("C%03d", num),
		prof:     profiles[(num-1)%len(profiles)],
		asOf:     opts.AsOf,
		r:        newRand(opts.Seed, num, streamSimulation),
		sr:       newRand(opts.Seed, num, streamStyle),
		out:      out,
		counters: map[string]int{},
	}
	c.conflicts = *opts.Conflicts
	c.windowStart = c.asOf.AddDate(-historyYears, 0, 0)
	c.lookback = c.windowStart.AddDate(-1, 0, 0)
	c.burnStart = c.windowStart.AddDate(-18, 0, 0)
	c.size = tun.size
	if num > 1 {
		c.size *= 0.4 + 0.7*c.r.Float64()
	}
	for _, name := range teamNames {
		c.teams = append(c.teams, team{
			name:    name,
			quality: clampFloat(c.r.NormFloat64(), -2, 2),
			weight:  0.7 + 0.6*c.r.Float64(),
		})
	}
	return c
}

// generate writes the whole council.
func (c *council) generate(ctx context.Context) error {
	c.out.faults.r = c.sr
	c.out.faults.dupNewID, c.out.faults.newID = c.conflicts.DuplicateNewID, c.id
	c.hireStaff()
	steps := []func(context.Context) error{
		c.lookedAfterChildren,
		c.shortBreakChildren,
		c.protectionChildren,
		c.enquiryOnlyChildren,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	c.writeProfessionals()
	return c.out.err
}

// id returns the next id of a kind, e.g. "C001P000123" for kind "P".
func (c *council) id(kind string) string {
	c.counters[kind]++
	return fmt.Sprintf("%s%s%06d", c.code, kind, c.counters[kind])
}

// yearFraction is how far d is through the history window: 0 at its start
// (and before), 1 at AsOf.
func (c *council) yearFraction(d time.Time) float64 {
	return clampFloat(d.Sub(c.windowStart).Hours()/c.asOf.Sub(c.windowStart).Hours(), 0, 1)
}

// rate is a probability for something done by team on day d: base, plus
// spread for each standard deviation of the team's quality, plus trend
// spread over the window (half below base at its start, half above at
// AsOf).
func (c *council) rate(base, spread, trend float64, team int, d time.Time) float64 {
	q := 0.0
	if team >= 0 {
		q = c.teams[team].quality
	}
	return clampFloat(base+spread*q+trend*(c.yearFraction(d)-0.5), 0.01, 0.995)
}

// pickTeam draws a team for a new child.
func (c *council) pickTeam() int {
	cs := make([]choice[int], len(c.teams))
	for i, t := range c.teams {
		cs[i] = choice[int]{t.weight, i}
	}
	return choose(c.r, cs)
}

// checkEvery returns ctx's error every 256 calls.
func checkEvery(ctx context.Context, n int) error {
	if n%256 == 0 {
		return ctx.Err()
	}
	return nil
}
