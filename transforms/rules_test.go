package transforms

import (
	"fmt"
	"testing"

	"carewh/canonical"
)

// TestConformFutureDate: a row whose event date is after the run's as-at
// date (2025-06-30 here) is quarantined whole, whether the date is
// required (visit_date) or not (review_date); the as-at date itself is
// history; a planned health check or PEP may be in the future, a
// completed one (or one with no status) may not; an optional end date after the as-at date is loaded.
func TestConformFutureDate(t *testing.T) {
	tests := []struct {
		name, table string
		vals        map[string]string
		want        []canonical.Rejection // nil: kept
	}{
		{name: "review after the as-at date", table: "cla_reviews",
			vals: map[string]string{"review_id": "R1", "episode_id": "E1", "review_date": "01/07/2025"},
			want: []canonical.Rejection{{Table: "cla_reviews", Source: "f.csv", Line: 3, Key: "R1", Rule: canonical.RuleFutureDate, Column: "review_date",
				Value: "01/07/2025", Message: "f.csv line 3, column clar_cla_review_date: 2025-07-01 is after the run's as-at date 2025-06-30: an event not yet held is not history"}}},
		{name: "review on the as-at date", table: "cla_reviews",
			vals: map[string]string{"review_id": "R1", "episode_id": "E1", "review_date": "2025-06-30"}},
		{name: "review with no date", table: "cla_reviews",
			vals: map[string]string{"review_id": "R1", "episode_id": "E1", "due_date": "2025-09-01"}},
		{name: "visit more than five years ahead is a future date, not a date_range", table: "cla_visits",
			vals: map[string]string{"visit_id": "V1", "visit_date": "2031-05-01"},
			want: []canonical.Rejection{{Table: "cla_visits", Source: "f.csv", Line: 3, Key: "V1", Rule: canonical.RuleFutureDate, Column: "visit_date",
				Value: "2031-05-01", Message: "f.csv line 3, column clav_cla_visit_date: 2031-05-01 is after the run's as-at date 2025-06-30: an event not yet held is not history"}}},
		{name: "planned health check in the future", table: "cla_health",
			vals: map[string]string{"health_check_id": "H1", "person_id": "P1", "check_type": "dental", "check_date": "2025-08-01", "status": "Planned"}},
		{name: "completed health check in the future", table: "cla_health",
			vals: map[string]string{"health_check_id": "H1", "person_id": "P1", "check_type": "dental", "check_date": "2025-08-01", "status": "completed"},
			want: []canonical.Rejection{{Table: "cla_health", Source: "f.csv", Line: 3, Key: "H1", Rule: canonical.RuleFutureDate, Column: "check_date",
				Value: "2025-08-01", Message: "f.csv line 3, column clah_health_check_date: 2025-08-01 is after the run's as-at date 2025-06-30: an event not yet held is not history"}}},
		{name: "planned PEP in the future", table: "cla_pep",
			vals: map[string]string{"pep_id": "E1", "person_id": "P1", "pep_type": "review", "pep_date": "2025-10-01", "status": "planned"}},
		{name: "PEP in the future with no status", table: "cla_pep",
			vals: map[string]string{"pep_id": "E1", "person_id": "P1", "pep_type": "review", "pep_date": "2025-10-01"},
			want: []canonical.Rejection{{Table: "cla_pep", Source: "f.csv", Line: 3, Key: "E1", Rule: canonical.RuleFutureDate, Column: "pep_date",
				Value: "2025-10-01", Message: "f.csv line 3, column pep_date: 2025-10-01 is after the run's as-at date 2025-06-30: an event not yet held is not history"}}},
		{name: "planned health check beyond the date range", table: "cla_health",
			vals: map[string]string{"health_check_id": "H1", "person_id": "P1", "check_type": "dental", "check_date": "2031-05-01", "status": "planned"},
			want: []canonical.Rejection{{Table: "cla_health", Source: "f.csv", Line: 3, Key: "H1", Rule: canonical.RuleDateRange, Column: "check_date",
				Value: "2031-05-01", Message: "f.csv line 3, column clah_health_check_date: 2031-05-01 is more than 5 years after the run's as-at date 2025-06-30"}}},
		{name: "episode ending after the as-at date is loaded", table: "cla_episodes",
			vals: map[string]string{"episode_id": "E1", "person_id": "P1", "episode_start_date": "2025-01-01", "start_reason": "S",
				"episode_end_date": "2025-12-31", "end_reason": "E4A"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kept, got, counts := conformCounting(t, lookup(t, tc.table), "f.csv", Options{}, []raw{{line: 3, vals: tc.vals}})
			diff(t, "rejections", got, tc.want)
			wantKept := 1
			if tc.want != nil {
				wantKept = 0
			}
			if len(kept) != wantKept || counts.Loaded() != int64(wantKept) {
				t.Errorf("kept %d rows (counted %+v), want %d", len(kept), counts, wantKept)
			}
		})
	}
}

// TestConformBadValues: a bad value of a column that is neither the key
// nor required empties the column and keeps the row, saying so; of two
// dates out of order the optional one is emptied (the end date of line 2,
// the entry date of line 3, whose episode start is required); a row with
// two bad values is kept once, with two bad_value records.
func TestConformBadValues(t *testing.T) {
	episodes := lookup(t, "cla_episodes")
	kept, got, counts := conformCounting(t, episodes, "2024/Episodes.csv", Options{}, []raw{
		{line: 2, vals: map[string]string{"episode_id": "E1", "person_id": "P1", "episode_start_date": "2024-03-01", "start_reason": "S",
			"episode_end_date": "2024-02-01", "end_reason": "E99", "need_code": "N4"}},
		{line: 3, vals: map[string]string{"episode_id": "E2", "person_id": "P1", "episode_start_date": "2024-03-01", "start_reason": "S",
			"need_code": "N0", "entered_care_date": "2024-03-02"}}, // N0 is no CIN code; entered care after the episode began
	})
	diff(t, "kept", kept, []typed{
		{"_line": int64(2), "episode_id": "E1", "person_id": pseudonym(t, canonical.PersonID, "P1"), "episode_start_date": "2024-03-01",
			"start_reason": "S", "need_code": "N4"},
		{"_line": int64(3), "episode_id": "E2", "person_id": pseudonym(t, canonical.PersonID, "P1"), "episode_start_date": "2024-03-01",
			"start_reason": "S"},
	})
	diff(t, "rejections", got, []canonical.Rejection{
		{Table: "cla_episodes", Source: "2024/Episodes.csv", Line: 2, Key: "E1", Rule: canonical.RuleBadValue, Column: "end_reason", Value: "E99",
			Message: `2024/Episodes.csv line 2, column clae_cla_episode_ceased_reason: "E99" is not a REC code and no mapping in config turns it into one; the row is kept with clae_cla_episode_ceased_reason empty`},
		{Table: "cla_episodes", Source: "2024/Episodes.csv", Line: 2, Key: "E1", Rule: canonical.RuleBadValue, Column: "episode_end_date", Value: "2024-02-01",
			Message: "2024/Episodes.csv line 2, column clae_cla_episode_ceased: 2024-02-01 is before clae_cla_episode_start_date 2024-03-01; the row is kept with clae_cla_episode_ceased empty"},
		{Table: "cla_episodes", Source: "2024/Episodes.csv", Line: 3, Key: "E2", Rule: canonical.RuleBadValue, Column: "need_code", Value: "N0",
			Message: `2024/Episodes.csv line 3, column clae_cla_primary_need_code: "N0" is not a CIN code and no mapping in config turns it into one; the row is kept with clae_cla_primary_need_code empty`},
		{Table: "cla_episodes", Source: "2024/Episodes.csv", Line: 3, Key: "E2", Rule: canonical.RuleBadValue, Column: "entered_care_date", Value: "2024-03-02",
			Message: "2024/Episodes.csv line 3, column clae_entered_care_date: 2024-03-02 is after clae_cla_episode_start_date 2024-03-01; the row is kept with clae_entered_care_date empty"},
	})
	diff(t, "counts", counts, Counts{Read: 2, Fixed: 2})

	// A bad optional value in a row rejected whole keeps its own rule.
	_, got = conform(t, episodes, "e.csv", Options{}, []raw{{line: 4, vals: map[string]string{
		"episode_id": "E3", "person_id": "P1", "episode_start_date": "2024-13-01", "start_reason": "S", "end_reason": "E99"}}})
	if len(got) != 2 || got[0].Rule != canonical.RuleBadType || got[1].Rule != canonical.RuleUnknownCode {
		t.Errorf("rejections %s, want bad_type of the start date and unknown_code of the reason", show(got))
	}
}

// TestConformDuplicateRecord: a row with the natural key of a row kept
// earlier (same child and start date of a CP plan) is quarantined, naming
// the first row's line and id; a row with a natural-key value missing is
// never compared; a row rejected for another reason claims nothing; the
// first row in another file is named with its file.
func TestConformDuplicateRecord(t *testing.T) {
	plans := lookup(t, "cp_plans")
	row := func(line int64, id, person, start string) raw {
		v := map[string]string{"cp_plan_id": id, "person_id": person, "start_date": start}
		return raw{line: line, vals: v}
	}
	kept, got, counts := conformCounting(t, plans, "ssd_cp_plans.csv", Options{}, []raw{
		row(12, "P123", "C1", "2024-01-10"),
		row(13, "P124", "C1", "2024-02-10"), // another start: kept
		row(14, "P125", "C2", "2024-01-10"), // another child: kept
		row(15, "P126", "C3", "1850-01-01"), // rejected (date_range): claims nothing
		row(16, "P127", "C3", "1850-01-01"), // rejected too, not a duplicate_record
	}, []raw{
		row(57, "P200", " C1 ", "10/01/2024"), // same child and day, spelt otherwise
		row(58, "P123", "C9", "2024-05-01"),   // duplicate key: that rule, not this
	})
	diff(t, "kept lines", lines(kept), []int64{12, 13, 14})
	var dups []canonical.Rejection
	for _, r := range got {
		if r.Rule == canonical.RuleDuplicateRecord {
			dups = append(dups, r)
		}
	}
	diff(t, "duplicate records", dups, []canonical.Rejection{{Table: "cp_plans", Source: "ssd_cp_plans.csv", Line: 57, Key: "P200", Rule: canonical.RuleDuplicateRecord,
		Message: "ssd_cp_plans.csv line 57: same CP plan as line 12 (cppl_cp_plan_id P123): same child and start date; only the first is kept"}})
	diff(t, "counts", counts, Counts{Read: 7, Quarantined: 4})

	// Placements without an episode are never the same record.
	placements := lookup(t, "cla_placements")
	kept, got = conform(t, placements, "p.csv", Options{}, []raw{
		{line: 2, vals: map[string]string{"placement_id": "A", "start_date": "2024-01-01", "placement_type": "U1"}},
		{line: 3, vals: map[string]string{"placement_id": "B", "start_date": "2024-01-01", "placement_type": "U1"}},
	})
	if len(kept) != 2 || len(got) != 0 {
		t.Errorf("placements with no episode: kept %v, rejected %s", kept, show(got))
	}

	// The first row in another file is named with its file.
	health := lookup(t, "cla_health")
	mem := newCheckedConformer(t, health)
	defer mem.done()
	h := func(id string) []raw {
		return []raw{{line: 2, vals: map[string]string{"health_check_id": id, "person_id": "P1", "check_type": "dental", "check_date": "2024-03-31"}}}
	}
	mem.conform("2023-24/OC2.csv", h("H1"))
	got = mem.conform("2024-25/OC2.csv", h("H2"))
	diff(t, "across files", got, []canonical.Rejection{{Table: "cla_health", Source: "2024-25/OC2.csv", Line: 2, Key: "H2", Rule: canonical.RuleDuplicateRecord,
		Message: "2024-25/OC2.csv line 2: same health check as 2023-24/OC2.csv line 2 (clah_health_check_id H1): same child, check type and date; only the first is kept"}})
}

// TestConformRowAccounting: good rows, a row with one bad optional value, a
// row with a bad required value, a row with two bad values and a duplicate
// key: read = loaded unchanged + fixed + quarantined, exactly.
//
//	line 2  good                                   loaded unchanged
//	line 3  good                                   loaded unchanged
//	line 4  seen = "maybe" (optional)              fixed
//	line 5  visit_date = "someday" (required)      quarantined
//	line 6  seen and seen_alone both junk          fixed (two bad_value records, one row)
//	line 7  visit_id of line 2 again               quarantined (duplicate_key)
//
// read 6 = unchanged 2 + fixed 2 + quarantined 2.
func TestConformRowAccounting(t *testing.T) {
	visits := lookup(t, "cla_visits")
	kept, got, counts := conformCounting(t, visits, "ssd_cla_visits.csv", Options{}, []raw{
		{line: 2, vals: map[string]string{"visit_id": "V1", "visit_date": "2024-01-01", "seen": "Y"}},
		{line: 3, vals: map[string]string{"visit_id": "V2", "visit_date": "2024-01-02"}},
		{line: 4, vals: map[string]string{"visit_id": "V3", "visit_date": "2024-01-03", "seen": "maybe"}},
		{line: 5, vals: map[string]string{"visit_id": "V4", "visit_date": "someday", "seen": "Y"}},
		{line: 6, vals: map[string]string{"visit_id": "V5", "visit_date": "2024-01-05", "seen": "?", "seen_alone": "perhaps"}},
		{line: 7, vals: map[string]string{"visit_id": "V1", "visit_date": "2024-01-07"}},
	})
	diff(t, "counts", counts, Counts{Read: 6, Fixed: 2, Quarantined: 2})
	diff(t, "kept lines", lines(kept), []int64{2, 3, 4, 6})
	rules := map[int64][]string{}
	for _, r := range got {
		rules[r.Line] = append(rules[r.Line], r.Rule)
	}
	diff(t, "rules by line", rules, map[int64][]string{
		4: {canonical.RuleBadValue}, 5: {canonical.RuleBadType}, 6: {canonical.RuleBadValue, canonical.RuleBadValue}, 7: {canonical.RuleDuplicateKey}})
}

// TestConformDateOrderOfRequiredDates: two required dates out of order
// reject the row: neither can go.
func TestConformDateOrderOfRequiredDates(t *testing.T) {
	table := &canonical.Table{Name: "spans", Key: "id",
		Columns: []canonical.Column{
			{Name: "id", Kind: canonical.Text, Required: true},
			{Name: "from", Kind: canonical.Date, Required: true},
			{Name: "to", Kind: canonical.Date, Required: true},
		},
		DateOrders: []canonical.DateOrder{{Earlier: "from", Later: "to"}},
	}
	kept, got, counts := conformCounting(t, table, "spans.csv", Options{}, []raw{{line: 2, vals: map[string]string{"id": "S1", "from": "2024-05-02", "to": "2024-05-01"}}})
	diff(t, "rejections", got, []canonical.Rejection{{Table: "spans", Source: "spans.csv", Line: 2, Key: "S1", Rule: canonical.RuleDateOrder, Column: "to",
		Value: "2024-05-01", Message: "spans.csv line 2, column to: 2024-05-01 is before from 2024-05-02"}})
	if len(kept) != 0 || counts != (Counts{Read: 1, Quarantined: 1}) {
		t.Errorf("kept %v, counts %+v; want the row quarantined", kept, counts)
	}
}

// TestConformBirthAfterAsAtAndNegativeFTE: a date of birth after the run's
// as-at date (2025-06-30) rejects the person (dob is required), one on the
// as-at date is kept, one more than five years ahead stays a date_range; a
// negative FTE is emptied (bad_value, fte being optional), a zero FTE is
// kept.
func TestConformBirthAfterAsAtAndNegativeFTE(t *testing.T) {
	p := func(id string) string { return pseudonym(t, canonical.PersonID, id) }
	kept, got, counts := conformCounting(t, lookup(t, "person"), "ssd_person.csv", Options{}, []raw{
		{line: 2, vals: map[string]string{"person_id": "P1", "dob": "01/07/2025"}},
		{line: 3, vals: map[string]string{"person_id": "P2", "dob": "2025-06-30"}},
		{line: 4, vals: map[string]string{"person_id": "P3", "dob": "2031-01-01"}},
	})
	diff(t, "kept lines", lines(kept), []int64{3})
	diff(t, "rejections", got, []canonical.Rejection{
		{Table: "person", Source: "ssd_person.csv", Line: 2, Key: p("P1"), Rule: canonical.RuleFutureDate, Column: "dob", Value: "01/07/2025",
			Message: "ssd_person.csv line 2, column pers_dob: 2025-07-01 is after the run's as-at date 2025-06-30: pers_dob cannot be later than it"},
		{Table: "person", Source: "ssd_person.csv", Line: 4, Key: p("P3"), Rule: canonical.RuleDateRange, Column: "dob", Value: "2031-01-01",
			Message: "ssd_person.csv line 4, column pers_dob: 2031-01-01 is more than 5 years after the run's as-at date 2025-06-30"},
	})
	diff(t, "person counts", counts, Counts{Read: 3, Quarantined: 2})

	s := func(id string) string { return pseudonym(t, canonical.StaffID, id) }
	kept, got, counts = conformCounting(t, lookup(t, "professionals"), "ssd_professionals.csv", Options{}, []raw{
		{line: 2, vals: map[string]string{"professional_id": "S1", "team": "North", "fte": "-0.5"}},
		{line: 3, vals: map[string]string{"professional_id": "S2", "team": "North", "fte": "0"}},
	})
	diff(t, "kept", kept, []typed{
		{"_line": int64(2), "professional_id": s("S1"), "team": "North"},
		{"_line": int64(3), "professional_id": s("S2"), "team": "North", "fte": 0.0},
	})
	diff(t, "rejections", got, []canonical.Rejection{
		{Table: "professionals", Source: "ssd_professionals.csv", Line: 2, Key: s("S1"), Rule: canonical.RuleBadValue, Column: "fte", Value: "-0.5",
			Message: "ssd_professionals.csv line 2, column prof_full_time_equivalency: -0.5 is below zero, which prof_full_time_equivalency cannot be; the row is kept with prof_full_time_equivalency empty"},
	})
	diff(t, "professional counts", counts, Counts{Read: 2, Fixed: 1})
}

// TestConformDuplicatesAcrossRowGroups: Conform reads rows a group at a
// time (rowGroup) before it keeps any, so a duplicate of the row just
// before, in the same group or across a group's edge, and of a row groups
// earlier, must still be found.
func TestConformDuplicatesAcrossRowGroups(t *testing.T) {
	plans := lookup(t, "cp_plans")
	var rows []raw
	want := map[int64]string{} // line → rule of the row rejected
	for i := range 3*rowGroup + 5 {
		line := int64(i + 2)
		id, person, start := fmt.Sprintf("P%d", i), fmt.Sprintf("C%d", i), "2024-01-10"
		switch i {
		case 3, rowGroup, 2 * rowGroup: // the key of the row before: in the group, at its edge
			id = fmt.Sprintf("P%d", i-1)
			want[line] = canonical.RuleDuplicateKey
		case 2*rowGroup + 3: // the key of a row two groups back
			id = "P1"
			want[line] = canonical.RuleDuplicateKey
		case rowGroup - 2, 3 * rowGroup: // the child and start of the row before: in the group, across its edge
			person = fmt.Sprintf("C%d", i-1)
			want[line] = canonical.RuleDuplicateRecord
		case rowGroup + 5: // the child and start of a row a group back
			person = "C2"
			want[line] = canonical.RuleDuplicateRecord
		}
		rows = append(rows, raw{line: line, vals: map[string]string{"cp_plan_id": id, "person_id": person, "start_date": start}})
	}
	kept, got, counts := conformCounting(t, plans, "ssd_cp_plans.csv", Options{}, rows[:2*rowGroup+2], rows[2*rowGroup+2:])
	gotRules := map[int64]string{}
	for _, r := range got {
		gotRules[r.Line] = r.Rule
	}
	diff(t, "rejected", gotRules, want)
	var wantKept []int64
	for _, r := range rows {
		if _, bad := want[r.line]; !bad {
			wantKept = append(wantKept, r.line)
		}
	}
	diff(t, "kept lines", lines(kept), wantKept)
	diff(t, "counts", counts, Counts{Read: int64(len(rows)), Quarantined: int64(len(want))})
}

// TestConformLetsGoOfProblems: a row's problems hold its values as read,
// which point into the raw batch; once its group's slot is used again by a
// clean row, none of them is held any more, so a released batch is not kept
// alive by a row long kept.
func TestConformLetsGoOfProblems(t *testing.T) {
	plans := lookup(t, "cp_plans")
	cc := newCheckedConformer(t, plans)
	defer cc.done()
	bad := []raw{{line: 2, vals: map[string]string{"cp_plan_id": "P1", "person_id": "C1", "start_date": "not a date"}}}
	if got := cc.conform("a.csv", bad); len(got) == 0 {
		t.Fatal("a bad start date was not reported")
	}
	if len(cc.c.group[0].problems) == 0 {
		t.Fatal("the bad row's problems were not kept in its slot of the group")
	}
	var clean []raw
	for i := range rowGroup {
		clean = append(clean, raw{line: int64(i + 2), vals: map[string]string{"cp_plan_id": fmt.Sprintf("Q%d", i), "person_id": fmt.Sprintf("D%d", i), "start_date": "2024-01-10"}})
	}
	if got := cc.conform("b.csv", clean); len(got) != 0 {
		t.Fatalf("clean rows rejected: %s", show(got))
	}
	for i, g := range cc.c.group {
		for j, p := range g.problems[:cap(g.problems)] {
			if p != (problem{}) {
				t.Errorf("group slot %d still holds problem %d: %+v", i, j, p)
			}
		}
	}
}
