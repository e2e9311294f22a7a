package synthetic

import "math/rand/v2"

// descriptions are the words a Liquidlogic build of the SSD writes in place
// of a code, by code list and code; config/mappings.yaml maps them back (a
// test checks every one).
var descriptions = map[string]map[string]string{
	"RNE": {
		"S": "Started to be looked after",
		"L": "Change of legal status only",
		"P": "Change of placement and carer(s) only",
		"T": "Change of placement (but same carer(s)) only",
		"B": "Change in both legal status and placement and carer(s) at the same time",
		"U": "Change in legal status and placement, but not carer(s)",
	},
	"LS": {
		"C1": "Interim care order",
		"C2": "Full care order",
		"D1": "Freeing order granted",
		"E1": "Placement order granted",
		"V2": "Single period of accommodation under section 20",
		"V3": "Accommodated under an agreement for short breaks",
		"V4": "Agreed series of short-term breaks",
		"L1": "Under police protection and in local authority accommodation",
		"L2": "Emergency protection order",
		"L3": "Under child assessment order and in local authority accommodation",
		"J1": "On remand, or committed for trial or sentence",
		"J2": "Detained in LA accommodation under PACE",
		"J3": "Sentenced to youth rehabilitation order with residence or intensive fostering requirement",
	},
	"REC": {
		"X1":  "Episode ends and new one starts on same day",
		"E11": "Adopted - application for an adoption order unopposed",
		"E12": "Adopted - consent dispensed with by the court",
		"E2":  "Died",
		"E3":  "Care taken over by another local authority in the UK",
		"E4A": "Returned home to live with parents, relatives, or other person with parental responsibility as part of the care planning process",
		"E4B": "Returned home to live with parents, relatives, or other person with parental responsibility which was not part of the current care planning process",
		"E13": "Left care to live with parents, relatives, or other person with no parental responsibility",
		"E41": "Child arrangements order granted",
		"E45": "Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)",
		"E46": "Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)",
		"E47": "Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)",
		"E48": "Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)",
		"E5":  "Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice/support arrangements",
		"E6":  "Moved into independent living arrangement and no longer looked-after: accommodation providing no formalised advice/support arrangements",
		"E7":  "Transferred to residential care funded by adult social care services",
		"E9":  "Sentenced to custody",
		"E14": "Accommodation on remand ended",
		"E15": "Age assessment determined child is aged 18 or over",
		"E16": "Child moved abroad",
		"E17": "Aged 18 (or over) and remained with current carers (staying put)",
		"E8":  "Care ceased for any other reason",
	},
	"PN": {
		"PN0": "Child aged under 4 at the time of the review",
		"PN1": "Child physically attends and speaks for him or herself",
		"PN2": "Child physically attends and an advocate speaks on his or her behalf",
		"PN3": "Child attends and conveys his or her view symbolically (non-verbally)",
		"PN4": "Child physically attends but does not speak for him or herself, does not convey his or her view symbolically (non-verbally) and does not ask an advocate to speak for him or her",
		"PN5": "Child does not attend physically but briefs an advocate to speak for him or her",
		"PN6": "Child does not attend but conveys his or her feelings to the review by a facilitative medium",
		"PN7": "Child does not attend nor are his or her views conveyed to the review",
	},
}

// Values that are always written as descriptions, and the code list
// (config/mappings.yaml) that maps each back.
const (
	checkInitial  = "Initial Health Assessment"                // HEALTH_CHECK
	checkReview   = "Review Health Assessment"                 // HEALTH_CHECK
	checkReview2  = "Health Assessment"                        // HEALTH_CHECK, an older form name
	checkDental   = "Dental Check"                             // HEALTH_CHECK
	titleIRO      = "Independent Reviewing Officer"            // STAFF_ROLE
	titleSW       = "Social Worker"                            // STAFF_ROLE
	titleTM       = "Team Manager"                             // STAFF_ROLE
	roleIRO       = "IRO"                                      // STAFF_ROLE, on involvements
	roleSW        = "Allocated Social Worker"                  // STAFF_ROLE, on involvements
	orderAdoption = "Adoption"                                 // ORDER_TYPE
	orderSGO      = "Special Guardianship"                     // ORDER_TYPE
	orderSGO2     = "Special Guardianship Order"               // ORDER_TYPE
	orderCAO      = "Child Arrangements Order"                 // ORDER_TYPE
	orderCAO2     = "Child Arrangements Order-Residence Order" // ORDER_TYPE
)

// abuseCategories are the CP categories as written (ABUSE list).
var abuseCategories = []choice[string]{
	{48, "Neglect"}, {37, "Emotional Abuse"}, {8, "Physical Abuse"}, {4, "Sexual Abuse"}, {3, "Multiple"},
}

// describeRate is the share of coded values a Liquidlogic-style extract
// writes as descriptions.
const describeRate = 0.03

// coded writes a code of list, as the code or, now and then, as its
// description.
func coded(r *rand.Rand, list, code string) string {
	if code == "" || r.Float64() >= describeRate {
		return code
	}
	if d, ok := descriptions[list][code]; ok {
		return d
	}
	return code
}
