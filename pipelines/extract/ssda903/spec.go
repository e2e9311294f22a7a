package ssda903

import "strings"

// fileSpec describes one file of the return: how its name is recognised,
// the columns carewh reads from it and the columns of the DfE layout.
type fileSpec struct {
	name     string   // the DfE's name for the file
	keywords []string // any of these in the normalised file name
	excludes []string // none of these
	required []string // columns read; a file without them is refused
	optional []string // columns read if present
	known    []string // the rest of the DfE layout: present and ignored without a warning
	// perYear: a year folder without the file is an error (else logged).
	perYear bool
}

func (s *fileSpec) matches(normalised string) bool {
	for _, x := range s.excludes {
		if strings.Contains(normalised, x) {
			return false
		}
	}
	for _, k := range s.keywords {
		if strings.Contains(normalised, k) {
			return true
		}
	}
	return false
}

// isKnown reports whether col (upper case) is in the DfE layout of the file.
func (s *fileSpec) isKnown(col string) bool {
	for _, list := range [][]string{s.required, s.optional, s.known} {
		for _, c := range list {
			if c == col {
				return true
			}
		}
	}
	return false
}

// The files carewh reads. Column lists follow the DfE SSDA903 CSV layout.
var (
	headerSpec = &fileSpec{
		name: "Header", keywords: []string{"header"}, perYear: true,
		required: []string{"CHILD", "SEX", "DOB", "ETHNIC"},
		optional: []string{"UPN"},
		known:    []string{"MOTHER", "MC_DOB", "UASC"},
	}
	episodesSpec = &fileSpec{
		name: "Episodes", keywords: []string{"episode"}, excludes: []string{"swepisode", "socialwork"}, perYear: true,
		required: []string{"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE"},
		known:    []string{"HOME_POST", "PL_POST", "URN"},
	}
	reviewsSpec = &fileSpec{
		name: "Reviews", keywords: []string{"review"}, perYear: true,
		required: []string{"CHILD", "REVIEW", "REVIEW_CODE"},
		known:    []string{"DOB"},
	}
	oc2Spec = &fileSpec{
		name: "OC2", keywords: []string{"oc2"},
		required: []string{"CHILD", "HEALTH_ASSESSMENT", "TEETH_CHECK"},
		known: []string{"DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
			"SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"},
	}
	ad1Spec = &fileSpec{
		name: "AD1", keywords: []string{"ad1"},
		required: []string{"CHILD", "DATE_INT", "DATE_MATCH", "FOSTER_CARE"},
		known:    []string{"DOB", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"},
	}
	placedSpec = &fileSpec{
		name: "PlacedAdoption", keywords: []string{"placed"},
		required: []string{"CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"},
		known:    []string{"DOB"},
	}
)
