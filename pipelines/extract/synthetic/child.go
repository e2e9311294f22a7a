package synthetic

import (
	"encoding/json"
	"fmt"
	"time"
)

// child is one child being written. Its name (childName) comes from its
// id, not from the council's random stream.
type child struct {
	id    string
	dob   time.Time
	sex   string
	team  int
	death time.Time
	// lastSeen is the last day the child is known to services, which says
	// whether they have reached school age (and so have a UPN).
	lastSeen time.Time
	home     string // home postcode
	iro, sw  *worker
	// lifeStory is set by the first period with a permanence plan.
	lifeStory bool
	// ethnicity and upn are as written to ssd_person; inReturn is set
	// when an episode of the child is in the SSDA903 return written.
	ethnicity, upn string
	inReturn       bool
}

// ethnicities are weighted like a northern county council's children's
// services population.
var ethnicities = []choice[string]{
	{78, "WBRI"}, {1, "WIRI"}, {3, "WOTH"}, {0.6, "WIRT"}, {0.4, "WROM"},
	{2.5, "MWBC"}, {1, "MWBA"}, {1.5, "MWAS"}, {1.5, "MOTH"},
	{1, "AIND"}, {4, "APKN"}, {0.7, "ABAN"}, {0.3, "CHNE"}, {0.7, "AOTH"},
	{0.4, "BCRB"}, {1.2, "BAFR"}, {0.3, "BOTH"}, {1, "OOTH"}, {0.4, "REFU"}, {0.5, "NOBT"},
}

// newChild starts a child born on dob, in a team. They get an id (see
// identify) only if they are written.
func (c *council) newChild(dob time.Time, maleShare float64) *child {
	sex := "F"
	if chance(c.r, maleShare) {
		sex = "M"
	}
	return &child{
		dob:  dob,
		sex:  sex,
		team: c.pickTeam(),
		home: postcode(c.r, c.prof.areas),
	}
}

// identify gives a child to be written their person id.
func (c *council) identify(ch *child) { ch.id = c.id("P") }

// writePerson writes the child's ssd_person row and home addresses.
func (c *council) writePerson(ch *child, send bool) {
	gender := "02"
	if ch.sex == "M" {
		gender = "01"
	}
	if chance(c.r, 0.01) {
		gender = pick(c.r, "00", "09")
	}
	ch.ethnicity = choose(c.r, ethnicities)
	r := rec{
		"pers_person_id":       ch.id,
		"pers_sex":             ch.sex,
		"pers_gender":          gender,
		"pers_ethnicity":       ch.ethnicity,
		"pers_dob":             isoDate(ch.dob),
		"pers_death_date":      isoDate(ch.death),
		"pers_common_child_id": nhsNumber(c.r),
		"pers_legacy_id":       fmt.Sprintf("LCS%08d", 10000000+c.counters["P"]*37+c.r.IntN(37)),
		"pers_send_flag":       yn(send),
	}
	r["pers_forename"], r["pers_surname"] = childName(ch.id)
	// A UPN is issued at school entry, at 4 or 5.
	if ageAt(ch.dob, ch.lastSeen) >= 5 && chance(c.r, 0.9) {
		ch.upn = upn(c.r, c.prof.la, ch.dob.Year()+5)
		r["pers_upn"] = ch.upn
	} else if ageAt(ch.dob, ch.lastSeen) >= 5 {
		r["pers_upn_unknown"] = pick(c.r, "UN2", "UN3", "UN4", "UN5")
	} else {
		r["pers_upn_unknown"] = "UN1"
	}
	c.out.emit(filePerson, r)

	since := addDays(ch.dob, between(c.r, 0, max(0, daysBetween(ch.dob, ch.lastSeen))))
	if chance(c.r, 0.25) {
		before := addDays(since, -between(c.r, 200, 2000))
		if before.Before(ch.dob) {
			before = ch.dob
		}
		if before.Before(since) {
			c.writeAddress(ch.id, "Home", postcode(c.r, c.prof.areas), before, since)
		}
	}
	c.writeAddress(ch.id, "Home", ch.home, since, time.Time{})
}

// address is the addr_address_json object; every key is always present.
type address struct {
	Room     string `json:"ROOM"`
	Floor    string `json:"FLOOR"`
	Flat     string `json:"FLAT"`
	Building string `json:"BUILDING"`
	House    string `json:"HOUSE"`
	Street   string `json:"STREET"`
	Town     string `json:"TOWN"`
	UPRN     string `json:"UPRN"`
	Easting  string `json:"EASTING"`
	Northing string `json:"NORTHING"`
}

// writeAddress writes one fake address of a person. The postcode column
// holds the postcode with its space removed, as the SSD asks.
func (c *council) writeAddress(personID, kind, pc string, from, to time.Time) {
	a := address{
		House:    fmt.Sprint(between(c.r, 1, 180)),
		Street:   pick(c.r, streetStems...) + " " + pick(c.r, streetKinds...),
		Town:     pick(c.r, c.prof.towns...),
		UPRN:     fmt.Sprintf("1000%08d", c.r.IntN(100000000)),
		Easting:  fmt.Sprint(between(c.r, 330000, 380000)),
		Northing: fmt.Sprint(between(c.r, 400000, 470000)),
	}
	if chance(c.r, 0.12) {
		a.Flat = fmt.Sprintf("Flat %d", between(c.r, 1, 24))
		a.Building = pick(c.r, streetStems...) + " " + pick(c.r, "House", "Court", "Mews", "Lodge")
	}
	js, _ := json.Marshal(a)
	compact := make([]byte, 0, len(pc))
	for i := 0; i < len(pc); i++ {
		if pc[i] != ' ' {
			compact = append(compact, pc[i])
		}
	}
	c.out.emit(fileAddress, rec{
		"addr_table_id":           c.id("AD"),
		"addr_address_json":       string(js),
		"addr_person_id":          personID,
		"addr_address_type":       kind,
		"addr_address_start_date": isoDateTime(from),
		"addr_address_end_date":   isoDateTime(to),
		"addr_address_postcode":   string(compact),
	})
}
