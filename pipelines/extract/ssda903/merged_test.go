package ssda903

import (
	"testing"

	"carewh/canonical"
)

// TestMergedPermanenceNamesTheRightFile: an adoption decision in both AD1
// and PlacedAdoption makes one row said to come from AD1; a junk value it
// takes from PlacedAdoption (the decision reversed date and reason) is
// quarantined here as bad_value under the PlacedAdoption file and line,
// and left out of the row. A PlacedAdoption-only decision is its own row,
// whose values the transforms check under its own file.
func TestMergedPermanenceNamesTheRightFile(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"2024/Episodes.csv": episodes + "C01,04/07/2022,S,C2,N1,U4,PR1,,,,,,\n",
		"2024/AD1.csv":      "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\nC01,10/06/2020,10/10/2022,15/02/2023,0,2,MF,L0\n",
		"2024/PlacedAdoption.csv": "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n" +
			"C02,10/06/2020,01/11/2022,31/13/2023,RD2\n" + // line 2: PlacedAdoption only
			"C01,10/06/2020,10/10/2022,soon,RD9\n", // line 3: merged with AD1 line 2
	})
	res := mustRead(t, dir, "permanence")
	r01, r02 := ref(t, "C01"), ref(t, "C02")
	diff(t, "rows", pick(res.rows, "@origin", "@line", "permanence_id", "decision_reversed_date", "decision_reversed_reason"), []string{
		"2024/AD1.csv|2|" + r01 + "/2022-10-10||",
		"2024/PlacedAdoption.csv|2|" + r02 + "/2022-11-01|31/13/2023|RD2",
	})
	diff(t, "rejections", res.rejected, []canonical.Rejection{
		{Table: "permanence", Source: "2024/PlacedAdoption.csv", Line: 3, Key: recordKey(t, "permanence", r01+"/2022-10-10"), Rule: canonical.RuleBadValue,
			Column: "decision_reversed_date", Value: "soon",
			Message: `2024/PlacedAdoption.csv line 3, column DATE_PLACED_CEASED: "soon" is not a date (expected DD/MM/YYYY or YYYY-MM-DD); ` +
				"the adoption decision's row (2024/AD1.csv line 2) is kept with DATE_PLACED_CEASED empty"},
		{Table: "permanence", Source: "2024/PlacedAdoption.csv", Line: 3, Key: recordKey(t, "permanence", r01+"/2022-10-10"), Rule: canonical.RuleBadValue,
			Column: "decision_reversed_reason", Value: "RD9",
			Message: `2024/PlacedAdoption.csv line 3, column REASON_PLACED_CEASED: "RD9" is not a RD code and no mapping in config turns it into one; ` +
				"the adoption decision's row (2024/AD1.csv line 2) is kept with REASON_PLACED_CEASED empty"},
	})
}

// TestPlacementEndFromALaterEpisode: a placement's end is the DEC of its
// last episode; when that is not the episode the row is said to come from
// and its DEC is junk, the source quarantines it under that episode's line
// and leaves the placement open.
func TestPlacementEndFromALaterEpisode(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"2024/Episodes.csv": episodes +
			"C01,01/06/2023,S,C2,N1,U4,PR1,01/09/2023,X1,,,,\n" +
			"C01,01/09/2023,L,E1,N1,U4,PR1,31/02/2024,E11,,,,\n",
	})
	res := mustRead(t, dir, "cla_placements")
	r01 := ref(t, "C01")
	diff(t, "rows", pick(res.rows, "@origin", "@line", "placement_id", "start_date", "end_date"), []string{
		"2024/Episodes.csv|2|" + r01 + "/2023-06-01|01/06/2023|",
	})
	diff(t, "rejections", res.rejected, []canonical.Rejection{{Table: "cla_placements", Source: "2024/Episodes.csv", Line: 3,
		Key: recordKey(t, "placement", r01+"/2023-06-01"), Rule: canonical.RuleBadValue, Column: "end_date", Value: "31/02/2024",
		Message: `2024/Episodes.csv line 3, column DEC: "31/02/2024" is not a date (expected DD/MM/YYYY or YYYY-MM-DD); ` +
			"the placement's row (from its first episode, 2024/Episodes.csv line 2) is kept with its end date empty"}})
}
