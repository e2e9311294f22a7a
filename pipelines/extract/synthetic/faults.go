package synthetic

import (
	"math/rand/v2"
	"strings"
	"time"
)

// Fault kinds: the keys of Summary.Faults.
const (
	// FaultBlankRequiredDate blanks a required date, e.g.
	// clae_cla_episode_start_date or pers_dob.
	FaultBlankRequiredDate = "blank_required_date"
	// FaultUnknownCode writes a code in no code list, e.g. placement type
	// "Q9" or participation "PN9".
	FaultUnknownCode = "unknown_code"
	// FaultUnmappedDescription writes a description that no mapping in
	// config/mappings.yaml knows, e.g. "Moved to Narnia".
	FaultUnmappedDescription = "unmapped_description"
	// FaultExactDuplicate writes the same row twice.
	FaultExactDuplicate = "exact_duplicate"
	// FaultConflictingDuplicate writes the row, then a second row with the
	// same key and one value changed.
	FaultConflictingDuplicate = "conflicting_duplicate"
	// FaultCeasedBeforeStart dates an episode's end before its start.
	FaultCeasedBeforeStart = "ceased_before_start"
	// FaultReviewBeforeCare dates a LAC review before the child entered
	// care.
	FaultReviewBeforeCare = "review_before_care"
	// FaultImpossibleDate writes a date that does not exist, such as
	// "31/02/2019" or "2019-02-30".
	FaultImpossibleDate = "impossible_date"
)

// faultRate is the chance that a row of a faultable file is faulted. The
// unfaulted file (ssd_address, which carewh does not read) is small, so
// about 1% of all rows carry a fault.
const faultRate = 0.0105

// faultSpec is one way a row of a file can be faulted.
type faultSpec struct {
	kind   string
	column string
	// values replace the column's value (unknown codes, unmapped
	// descriptions, conflicting values of a non-date column).
	values []string
	// ref is the start date column an end date is moved before.
	ref string
}

// faultSpecs lists the faults each file can carry. Rows that many others
// depend on are only faulted in ways that spoil that row alone: a person
// row may lose its date of birth or be repeated, never vanish or conflict.
var faultSpecs = map[string][]faultSpec{
	filePerson: {
		{kind: FaultBlankRequiredDate, column: "pers_dob"},
		{kind: FaultExactDuplicate},
	},
	fileLegalStatus: {
		{kind: FaultUnknownCode, column: "lega_legal_status", values: []string{"C3", "V9", "E9"}},
		{kind: FaultUnmappedDescription, column: "lega_legal_status", values: []string{"Section 20 (voluntary)", "Care order pending"}},
		{kind: FaultExactDuplicate},
	},
	fileEpisodes: {
		{kind: FaultBlankRequiredDate, column: "clae_cla_episode_start_date"},
		{kind: FaultUnknownCode, column: "clae_cla_episode_start_reason", values: []string{"Q", "S1", "X"}},
		{kind: FaultUnmappedDescription, column: "clae_cla_episode_ceased_reason", values: []string{"Moved to Narnia", "Ran away to sea", "Case closed in error"}},
		{kind: FaultCeasedBeforeStart, column: "clae_cla_episode_ceased", ref: "clae_cla_episode_start_date"},
		{kind: FaultExactDuplicate},
	},
	filePlacements: {
		{kind: FaultUnknownCode, column: "clap_cla_placement_type", values: []string{"Q9", "U7", "K9"}},
		{kind: FaultImpossibleDate, column: "clap_cla_placement_start_date"},
		{kind: FaultExactDuplicate},
		{kind: FaultConflictingDuplicate, column: "clap_cla_placement_provider", values: []string{"PR1", "PR4", "PR5"}},
	},
	fileReviews: {
		{kind: FaultUnknownCode, column: "clar_cla_review_participation", values: []string{"PN9", "PN8", "P1"}},
		{kind: FaultUnmappedDescription, column: "clar_cla_review_participation", values: []string{"Child was on holiday", "Views sent by carrier pigeon"}},
		{kind: FaultExactDuplicate},
		{kind: FaultConflictingDuplicate, column: "clar_cla_review_date"},
		{kind: FaultReviewBeforeCare, column: "clar_cla_review_date"},
		{kind: FaultImpossibleDate, column: "clar_cla_review_date"},
	},
	fileCarePlans: {
		{kind: FaultImpossibleDate, column: "lacp_cla_care_plan_start_date"},
		{kind: FaultExactDuplicate},
	},
	fileHealth: {
		{kind: FaultBlankRequiredDate, column: "clah_health_check_date"},
		{kind: FaultUnmappedDescription, column: "clah_health_check_type", values: []string{"Optician Check", "Hearing Test"}},
		{kind: FaultImpossibleDate, column: "clah_health_check_date"},
		{kind: FaultExactDuplicate},
		{kind: FaultConflictingDuplicate, column: "clah_health_check_status", values: []string{"Completed", "Cancelled", "Refused"}},
	},
	filePEP: {
		{kind: FaultBlankRequiredDate, column: "pep_date"},
		{kind: FaultImpossibleDate, column: "pep_date"},
		{kind: FaultExactDuplicate},
	},
	fileVisits: {
		{kind: FaultBlankRequiredDate, column: "clav_cla_visit_date"},
		{kind: FaultImpossibleDate, column: "clav_cla_visit_date"},
		{kind: FaultExactDuplicate},
		{kind: FaultConflictingDuplicate, column: "clav_cla_visit_seen_alone"},
	},
	filePermanence: {
		{kind: FaultImpossibleDate, column: "perm_matched_date"},
		{kind: FaultExactDuplicate},
	},
	fileS47: {
		{kind: FaultBlankRequiredDate, column: "s47e_s47_start_date"},
		{kind: FaultExactDuplicate},
	},
	fileConferences: {
		{kind: FaultImpossibleDate, column: "icpc_icpc_date"},
		{kind: FaultExactDuplicate},
		{kind: FaultConflictingDuplicate, column: "icpc_icpc_date"},
	},
	fileCPPlans: {
		{kind: FaultUnmappedDescription, column: "cppl_cp_plan_latest_category", values: []string{"Domestic Abuse", "Exploitation"}},
		{kind: FaultExactDuplicate},
	},
	fileCPReviews: {
		{kind: FaultUnknownCode, column: "cppr_cp_review_participation", values: []string{"PN9", "PN8"}},
		{kind: FaultImpossibleDate, column: "cppr_cp_review_date"},
		{kind: FaultExactDuplicate},
		{kind: FaultConflictingDuplicate, column: "cppr_cp_review_quorate"},
	},
	fileInvolvements: {
		{kind: FaultBlankRequiredDate, column: "invo_involvement_start_date"},
		{kind: FaultExactDuplicate},
	},
	fileChallenges: {
		{kind: FaultImpossibleDate, column: "raised_date"},
		{kind: FaultExactDuplicate},
	},
	fileMidpoints: {
		{kind: FaultBlankRequiredDate, column: "check_date"},
		{kind: FaultExactDuplicate},
	},
	// A worker's row is only ever repeated: reviews and allocations name them.
	fileProfessionals: {{kind: FaultExactDuplicate}},
	fileAudits:        {{kind: FaultExactDuplicate}},
	fileLifeStory:     {{kind: FaultExactDuplicate}},
	fileStability:     {{kind: FaultExactDuplicate}},
}

// faulter decides, row by row, which rows to fault and counts the faults.
type faulter struct {
	r      *rand.Rand
	counts map[string]int64
	usable []int // scratch
	// dupNewID is the chance of FaultDuplicateNewID per row of the files
	// in newIDKeys, and newID makes the copy's id.
	dupNewID float64
	newID    func(kind string) string
	// noRowFaults turns off the faults of faultSpecs.
	noRowFaults bool
}

func newFaulter() *faulter { return &faulter{counts: map[string]int64{}} }

// apply returns the row to write and, for a duplicate, a second row.
func (f *faulter) apply(stem string, r rec) (rec, rec) {
	if r[hintFaulted] != "" {
		return r, nil // a conflict already spoilt it
	}
	if key, ok := newIDKeys[stem]; ok && f.dupNewID > 0 && f.r.Float64() < f.dupNewID {
		f.counts[FaultDuplicateNewID]++
		dup := make(rec, len(r))
		for k, v := range r {
			dup[k] = v
		}
		dup[key.column] = f.newID(key.kind)
		return r, dup
	}
	specs := faultSpecs[stem]
	if f.noRowFaults || len(specs) == 0 || f.r.Float64() >= faultRate {
		return r, nil
	}
	f.usable = f.usable[:0]
	for i, s := range specs {
		if f.usableOn(s, r) {
			f.usable = append(f.usable, i)
		}
	}
	if len(f.usable) == 0 {
		return r, nil
	}
	s := specs[f.usable[f.r.IntN(len(f.usable))]]
	f.counts[s.kind]++
	switch s.kind {
	case FaultBlankRequiredDate:
		r[s.column] = ""
	case FaultUnknownCode, FaultUnmappedDescription:
		r[s.column] = pick(f.r, s.values...)
	case FaultExactDuplicate:
		return r, r
	case FaultConflictingDuplicate:
		dup := make(rec, len(r))
		for k, v := range r {
			dup[k] = v
		}
		dup[s.column] = f.conflicting(s, r[s.column])
		return r, dup
	case FaultCeasedBeforeStart:
		r[s.column] = shiftDate(r[s.ref], -between(f.r, 1, 60))
	case FaultReviewBeforeCare:
		entered, _ := time.Parse(time.DateOnly, r[hintEnteredCare])
		r[s.column] = restyle(r[s.column], addDays(entered, -between(f.r, 1, 90)))
	case FaultImpossibleDate:
		r[s.column] = impossibleDate(f.r, r[s.column])
	}
	return r, nil
}

// usableOn reports whether spec can fault row r: a value to spoil must be
// there.
func (f *faulter) usableOn(s faultSpec, r rec) bool {
	switch s.kind {
	case FaultExactDuplicate, FaultUnknownCode, FaultUnmappedDescription:
		return true
	case FaultCeasedBeforeStart:
		return r[s.column] != "" && r[s.ref] != ""
	case FaultReviewBeforeCare:
		return r[s.column] != "" && r[hintEnteredCare] != ""
	default:
		return r[s.column] != ""
	}
}

// conflicting returns a value different from v for the column of s.
func (f *faulter) conflicting(s faultSpec, v string) string {
	switch {
	case v == "Y":
		return "N"
	case v == "N":
		return "Y"
	case len(s.values) > 0:
		for _, alt := range s.values {
			if alt != v {
				return alt
			}
		}
		return v + "X"
	default:
		return shiftDate(v, between(f.r, 1, 14))
	}
}

// parseStyled reads a date written by isoDate, isoDateTime or ukDate.
func parseStyled(s string) (time.Time, bool) {
	if len(s) >= 10 && s[2] == '/' {
		d, err := time.Parse("02/01/2006", s[:10])
		return d, err == nil
	}
	if len(s) >= 10 {
		d, err := time.Parse(time.DateOnly, s[:10])
		return d, err == nil
	}
	return time.Time{}, false
}

// restyle writes d in the style of the written date like, keeping any time
// of day.
func restyle(like string, d time.Time) string {
	switch {
	case len(like) >= 10 && like[2] == '/':
		return ukDate(d) + like[10:]
	case len(like) >= 10:
		return isoDate(d) + like[10:]
	default:
		return isoDate(d)
	}
}

// shiftDate moves a written date by n days, keeping its style.
func shiftDate(s string, n int) string {
	d, ok := parseStyled(s)
	if !ok {
		return s
	}
	return restyle(s, addDays(d, n))
}

// impossibleDate writes a day that does not exist in the year and style
// of s: "31/02/2019", "2019-02-30 00:00:00.000".
func impossibleDate(r *rand.Rand, s string) string {
	day := pick(r, "30/02", "31/02", "31/04", "31/06", "31/09", "31/11")
	if len(s) >= 10 && s[2] == '/' {
		return day + "/" + s[6:10] + s[10:]
	}
	if len(s) >= 10 {
		dd, mm, _ := strings.Cut(day, "/")
		return s[:4] + "-" + mm + "-" + dd + s[10:]
	}
	return day + "/2019"
}
