package canonical

import (
	"strings"
	"time"
)

// CodeLists holds every code list a Code or CodeList column is checked
// against (docs/domain.md §2 and the local forms of §1).
var CodeLists = map[string][]string{
	"sex":       {"M", "F", "U", "I"},
	"ethnicity": {"WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "CHNE", "CNHE", "AOTH", "BCRB", "BAFR", "BOTH", "OOTH", "REFU", "NOBT"},
	"RNE":       {"S", "L", "P", "T", "B", "U"},
	"LS":        {"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"},
	"CIN":       {"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"},
	"PLACE": {"A3", "A4", "A5", "A6", "K1", "K2", "P1", "P3", "R1", "R2", "R3", "R5", "S1",
		"T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6",
		"H5", "P2", "Z1", "K3", "Z11", "Z12", "Z13", "Z14"},
	"PROVIDER": {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"},
	"REC": {"X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E43", "E44",
		"E45", "E46", "E47", "E48", "E5", "E6", "E7", "E9", "E14", "E15", "E16", "E17", "E8"},
	"PLACE_CHANGE":       {"CARPL", "CLOSE", "ALLEG", "STAND", "CUSTOD", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "OTHER"},
	"PN":                 {"PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"},
	"CARE_PLAN":          {"REMAINSUP", "RETURN1M", "RETURN6M", "RETURNEV", "LTRELFR", "LTFOST18", "RESPLMT", "SUPPLIV", "ADOPTION", "OTHERPLN"},
	"HEALTH_CHECK":       {"initial_health_assessment", "review_health_assessment", "dental"},
	"HEALTH_STATUS":      {"completed", "planned", "refused", "cancelled"},
	"PEP_TYPE":           {"initial", "review"},
	"PEP_STATUS":         {"completed", "planned", "cancelled"},
	"RD":                 {"RD1", "RD2", "RD3", "RD4"},
	"ORDER_TYPE":         {"adoption", "sgo", "cao"},
	"ABUSE":              {"neglect", "physical", "sexual", "emotional", "multiple"},
	"STAFF_ROLE":         {"iro", "social_worker", "team_manager"},
	"CHALLENGE_CATEGORY": {"care_plan", "permanence", "health", "education", "placement", "contact", "drift", "other"},
	"CHALLENGE_LEVEL":    {"informal", "formal_1", "formal_2", "formal_3", "cafcass"},
	"CHALLENGE_OUTCOME":  {"resolved", "escalated", "withdrawn", "open"},
	"MIDPOINT_OUTCOME":   {"on_track", "concern_raised", "escalated"},
	"GRADE":              {"outstanding", "good", "requires_improvement", "inadequate"},
	"MEETING_TYPE":       {"stability", "disruption"},
}

// Placement codes that exist only before, or only from, the 2025/26
// SSDA903 collection year.
var (
	placeDroppedFrom2025 = map[string]bool{"H5": true, "P2": true, "Z1": true}
	placeAddedIn2025     = map[string]bool{"K3": true, "Z11": true, "Z12": true, "Z13": true, "Z14": true}
	collection2025Start  = time.Date(2025, time.April, 1, 0, 0, 0, 0, time.UTC)
)

var codeSets = func() map[string]map[string]bool {
	sets := make(map[string]map[string]bool, len(CodeLists))
	for name, list := range CodeLists {
		set := make(map[string]bool, len(list))
		for _, c := range list {
			set[c] = true
		}
		sets[name] = set
	}
	return sets
}()

// HasCode reports whether code is in the named list. Matching ignores case
// only for the local lower-case lists; DfE codes are upper case.
func HasCode(list, code string) bool {
	_, ok := LookupCode(list, code)
	return ok
}

// LookupCode returns the code as the list spells it, and whether the list has
// it in any case: one lookup for a code already spelt as the list does.
func LookupCode(list, code string) (string, bool) {
	set := codeSets[list]
	if set[code] {
		return code, true
	}
	if upper := strings.ToUpper(code); set[upper] {
		return upper, true
	}
	if lower := strings.ToLower(code); set[lower] {
		return lower, true
	}
	return "", false
}

// PlacementValidOn reports whether a PLACE code was in the code list of the
// collection year containing day: H5, P2 and Z1 were dropped and K3 and
// Z11–Z14 added from 2025/26.
func PlacementValidOn(code string, day time.Time) bool {
	if day.Before(collection2025Start) {
		return !placeAddedIn2025[code]
	}
	return !placeDroppedFrom2025[code]
}
