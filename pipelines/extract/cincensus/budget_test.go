package cincensus

import (
	"fmt"
	"strings"
	"testing"
)

// TestChildTooLarge: a <Child> with more repeated elements than the budget
// (here 20; 10,000 by default) is read to its end without being kept, and
// set aside in every table as one malformed row naming its line and the
// first element dropped; the children around it load. (A real child has
// tens; a damaged file had one with three million <Reviews>.)
func TestChildTooLarge(t *testing.T) {
	var reviews strings.Builder
	for i := range 500 {
		fmt.Fprintf(&reviews, "          <Reviews><CPPreviewDate>2023-%02d-01</CPPreviewDate></Reviews>\n", i%12+1)
	}
	file := census("2024-03-31", `    <Child>
      <ChildIdentifiers>
        <LAchildID>A1</LAchildID>
        <PersonBirthDate>2015-01-01</PersonBirthDate>
      </ChildIdentifiers>
    </Child>
    <Child>
      <ChildIdentifiers>
        <LAchildID>BIG</LAchildID>
        <PersonBirthDate>2016-01-01</PersonBirthDate>
      </ChildIdentifiers>
      <CINdetails>
        <ChildProtectionPlans>
          <CPPstartDate>2023-01-01</CPPstartDate>
`+reviews.String()+`        </ChildProtectionPlans>
      </CINdetails>
    </Child>
    <Child>
      <ChildIdentifiers>
        <LAchildID>C1</LAchildID>
        <PersonBirthDate>2017-01-01</PersonBirthDate>
      </ChildIdentifiers>
    </Child>
`)
	dir := writeFiles(t, map[string]string{"cin.xml": file})
	for _, table := range []string{"person", "cp_reviews"} {
		res, err := readTable(t, dir, table, Options{MaxChildElements: 20})
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		if len(res.rejected) != 1 {
			t.Fatalf("%s: rejected %v, want the large child once", table, res.rejected)
		}
		r := res.rejected[0]
		// <Child> is on line 20. The budget of 20 keeps <CINdetails> (1),
		// <ChildProtectionPlans> (1) and nine <Reviews> with their
		// <CPPreviewDate> (2 each, lines 28–36); the tenth <Reviews>, on
		// line 37, is the first dropped, and 500 − 9 = 491 are.
		want := "cin.xml line 20: the <Child> holds more repeated elements than the 20 carewh reads from one child " +
			"(491 more, from <Reviews> on line 37): no child has that many, so the file is damaged there and the child is set aside"
		if r.Line != 20 || r.Rule != RuleMalformedRow || r.Message != want {
			t.Errorf("%s: rejected %+v", table, r)
		}
		if table == "person" {
			if len(res.rows) != 2 || res.rows[0].Vals["person_id"] != "A1" || res.rows[1].Vals["person_id"] != "C1" {
				t.Errorf("person rows %v, want A1 and C1", res.rows)
			}
		} else if len(res.rows) != 0 {
			t.Errorf("cp_reviews rows %v, want none (only the large child has reviews)", res.rows)
		}
	}
}
