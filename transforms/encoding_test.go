package transforms

import (
	"testing"
	"unicode/utf8"

	"carewh/canonical"
)

func TestValidText(t *testing.T) {
	for in, want := range map[string]string{
		"":               "",
		"café":           "café",
		"caf\xe9":        `caf\xE9`,
		"\xff\xfe a":     `\xFF\xFE a`,
		"cut \xe2\x82":   `cut \xE2\x82`,
		"ok € \xc3 then": `ok € \xC3 then`,
	} {
		if got := canonical.ValidText(in); got != want || !utf8.ValidString(got) {
			t.Errorf("canonical.ValidText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestConformBadEncoding: a value that is not valid UTF-8 rejects its row
// when it is the key or required (rule bad_encoding), and is emptied with
// the row kept otherwise (bad_value, the cause in the message). The
// quarantine's key, value and message are valid UTF-8, the bad bytes shown
// as \xNN; an identifying value is pseudonymised there as always.
func TestConformBadEncoding(t *testing.T) {
	person := lookup(t, "person")
	rows := []raw{
		{line: 2, vals: map[string]string{"person_id": "A", "ethnicity": "WBRI", "dob": "2012-03-04"}},
		{line: 3, vals: map[string]string{"person_id": "B", "ethnicity": "WBR\xc9", "dob": "2012-03-04"}},
		{line: 4, vals: map[string]string{"person_id": "C\xff", "dob": "2012-03-04"}},
		{line: 5, vals: map[string]string{"person_id": "D", "dob": "2012-03-0\xb4"}},
		{line: 6, vals: map[string]string{"person_id": "E", "dob": "2012-03-04"}},
	}
	kept, got, counts := conformCounting(t, person, "ssd_person.csv", Options{}, rows)
	pB, pC, pD := pseudonym(t, canonical.PersonID, "B"), pseudonym(t, canonical.PersonID, "C\xff"), pseudonym(t, canonical.PersonID, "D")
	want := []canonical.Rejection{
		{Table: "person", Source: "ssd_person.csv", Line: 3, Key: pB, Rule: canonical.RuleBadValue, Column: "ethnicity", Value: `WBR\xC9`,
			Message: `ssd_person.csv line 3, column pers_ethnicity: bad_encoding: the value is not valid UTF-8 (byte \xC9 at byte 4; the quarantine shows such bytes as \xNN): is the source saved as UTF-8?; the row is kept with pers_ethnicity empty`},
		{Table: "person", Source: "ssd_person.csv", Line: 4, Key: pC, Rule: canonical.RuleBadEncoding, Column: "person_id", Value: pC,
			Message: `ssd_person.csv line 4, column pers_person_id: bad_encoding: the value is not valid UTF-8 (byte \xFF at byte 2; the quarantine shows such bytes as \xNN): is the source saved as UTF-8?`},
		{Table: "person", Source: "ssd_person.csv", Line: 5, Key: pD, Rule: canonical.RuleBadEncoding, Column: "dob", Value: `2012-03-0\xB4`,
			Message: `ssd_person.csv line 5, column pers_dob: bad_encoding: the value is not valid UTF-8 (byte \xB4 at byte 10; the quarantine shows such bytes as \xNN): is the source saved as UTF-8?`},
	}
	diff(t, "rejections", got, want)
	diff(t, "lines kept", lines(kept), []int64{2, 3, 6})
	if _, ok := kept[1]["ethnicity"]; ok {
		t.Errorf("bad ethnicity kept: %v", kept[1])
	}
	diff(t, "counts", counts, Counts{Read: 5, Fixed: 1, Quarantined: 2})

	// A key that does not identify anyone is shown escaped, as is the
	// name of a file.
	visits := lookup(t, "cla_visits")
	_, got = conform(t, visits, "visits \xa3.csv", Options{},
		[]raw{{line: 9, vals: map[string]string{"visit_id": "V\xa31", "visit_date": "2024-01-01"}}})
	want = []canonical.Rejection{{Table: "cla_visits", Source: `visits \xA3.csv`, Line: 9, Key: `V\xA31`, Rule: canonical.RuleBadEncoding,
		Column: "visit_id", Value: `V\xA31`,
		Message: `visits \xA3.csv line 9, column clav_cla_visit_id: bad_encoding: the value is not valid UTF-8 (byte \xA3 at byte 2; the quarantine shows such bytes as \xNN): is the source saved as UTF-8?`}}
	diff(t, "rejections", got, want)
}
