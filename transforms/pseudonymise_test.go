package transforms

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
)

var hex32 = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestNewPseudonymiserKeyLength(t *testing.T) {
	tests := []struct {
		key     string
		wantErr bool
	}{
		{"", true},
		{strings.Repeat("k", MinKeyBytes-1), true},
		{strings.Repeat("k", MinKeyBytes), false},
		{testKey, false},
	}
	for _, tc := range tests {
		p, err := NewPseudonymiser([]byte(tc.key))
		if (err != nil) != tc.wantErr || (p == nil) != tc.wantErr {
			t.Errorf("key of %d bytes: got %v, %v; want error %v", len(tc.key), p, err, tc.wantErr)
		}
	}
}

// TestPseudonym pins the scheme, so pseudonyms stay stable across
// releases: the first 16 bytes of HMAC-SHA256(key, domain ":" id), as hex.
func TestPseudonym(t *testing.T) {
	want := func(key, domain, id string) string {
		mac := hmac.New(sha256.New, []byte(key))
		mac.Write([]byte(domain + ":" + id))
		return hex.EncodeToString(mac.Sum(nil)[:16])
	}
	p := mustPseudonymiser(t, testKey)
	other := mustPseudonymiser(t, otherKey)
	for _, id := range []string{"1", "12345", "P-0001", "", "ünïcode"} {
		person := p.Pseudonym(canonical.PersonID, id)
		staff := p.Pseudonym(canonical.StaffID, id)
		episode := p.Pseudonym("episode", id)
		if episode != want(testKey, "episode", id) {
			t.Errorf("episode %q = %s, want %s", id, episode, want(testKey, "episode", id))
		}
		if episode == person || episode == staff || episode == p.Pseudonym("review", id) {
			t.Errorf("%q: the episode pseudonym %s is another domain's", id, episode)
		}
		if person != want(testKey, "person", id) {
			t.Errorf("person %q = %s, want %s", id, person, want(testKey, "person", id))
		}
		if staff != want(testKey, "staff", id) {
			t.Errorf("staff %q = %s, want %s", id, staff, want(testKey, "staff", id))
		}
		if !hex32.MatchString(person) || !hex32.MatchString(staff) {
			t.Errorf("%q: pseudonyms %s, %s are not 32 lower-case hex digits", id, person, staff)
		}
		if person == staff {
			t.Errorf("%q: person and staff share pseudonym %s", id, person)
		}
		if again := p.Pseudonym(canonical.PersonID, id); again != person {
			t.Errorf("%q: second call gave %s, first %s", id, again, person)
		}
		if o := other.Pseudonym(canonical.PersonID, id); o == person {
			t.Errorf("%q: another key gave the same pseudonym %s", id, o)
		}
	}
}

// TestConformPseudonymises replaces person and staff identifiers in the
// typed rows: 32 hex digits, the same under one key in any Conformer,
// different under another key, and different for a child and a worker
// with the same case-system id.
func TestConformPseudonymises(t *testing.T) {
	table := lookup(t, "involvements")
	rows := []raw{{line: 2, vals: map[string]string{
		"involvement_id": "I1", "professional_id": "12345", "person_id": "12345", "start_date": "2024-01-01"}}}
	run := func(key string) typed {
		t.Helper()
		kept, rejected, _ := conformPseudonyms(t, table, "ssd_involvements.csv", Options{Pseudonymiser: mustPseudonymiser(t, key)}, rows)
		if len(kept) != 1 || len(rejected) != 0 {
			t.Fatalf("kept %v, rejected %s", kept, show(rejected))
		}
		return kept[0]
	}
	first, again, other := run(testKey), run(testKey), run(otherKey)
	for _, col := range []string{"person_id", "professional_id"} {
		v, _ := first[col].(string)
		if !hex32.MatchString(v) {
			t.Errorf("%s = %q, want 32 hex digits", col, v)
		}
		if again[col] != v {
			t.Errorf("%s: %v then %v under the same key", col, v, again[col])
		}
		if other[col] == v {
			t.Errorf("%s: %v under both keys", col, v)
		}
	}
	if first["person_id"] != pseudonym(t, canonical.PersonID, "12345") {
		t.Errorf("person_id = %v, want the person pseudonym", first["person_id"])
	}
	if first["professional_id"] != pseudonym(t, canonical.StaffID, "12345") {
		t.Errorf("professional_id = %v, want the staff pseudonym", first["professional_id"])
	}
	if first["person_id"] == first["professional_id"] {
		t.Errorf("child and worker 12345 share pseudonym %v", first["person_id"])
	}
	if first["involvement_id"] != pseudonym(t, "involvement", "I1") {
		t.Errorf("involvement_id = %v, want the involvement pseudonym of I1", first["involvement_id"])
	}
}

// TestConformPseudonymisesRecords: every record id, a table's key or a
// column referring to one, is pseudonymised in the record's domain, so a
// reference joins the key it names and nothing else.
func TestConformPseudonymisesRecords(t *testing.T) {
	reviews, _, _ := conformPseudonyms(t, lookup(t, "cla_reviews"), "ssd_cla_reviews.csv", Options{}, []raw{{line: 2, vals: map[string]string{
		"review_id": "R1", "episode_id": "E1", "cla_id": "C1", "review_date": "2024-01-01"}}})
	episodes, _, _ := conformPseudonyms(t, lookup(t, "cla_episodes"), "ssd_cla_episodes.csv", Options{}, []raw{{line: 2, vals: map[string]string{
		"episode_id": "E1", "person_id": "E1", "cla_id": "C1", "placement_id": "PL1", "episode_start_date": "2024-01-01", "start_reason": "S"}}})
	meetings, _, _ := conformPseudonyms(t, lookup(t, "stability_meetings"), "stability_meetings.csv", Options{}, []raw{{line: 2, vals: map[string]string{
		"meeting_id": "M1", "person_id": "P1", "placement_id": "PL1", "meeting_date": "2024-01-01", "meeting_type": "disruption"}}})
	if len(reviews) != 1 || len(episodes) != 1 || len(meetings) != 1 {
		t.Fatalf("kept %v, %v, %v; want a row of each", reviews, episodes, meetings)
	}
	want := map[string]map[string]any{
		"review":  {"review_id": pseudonym(t, "review", "R1"), "episode_id": pseudonym(t, "episode", "E1"), "cla_id": pseudonym(t, "cla", "C1")},
		"episode": {"episode_id": pseudonym(t, "episode", "E1"), "person_id": pseudonym(t, canonical.PersonID, "E1"), "cla_id": pseudonym(t, "cla", "C1"), "placement_id": pseudonym(t, "placement", "PL1")},
		"meeting": {"meeting_id": pseudonym(t, "meeting", "M1"), "placement_id": pseudonym(t, "placement", "PL1")},
	}
	for name, row := range map[string]typed{"review": reviews[0], "episode": episodes[0], "meeting": meetings[0]} {
		for col, w := range want[name] {
			if row[col] != w {
				t.Errorf("%s %s = %v, want %v", name, col, row[col], w)
			}
		}
	}
	if reviews[0]["episode_id"] == episodes[0]["person_id"] {
		t.Errorf("episode E1 and child E1 share pseudonym %v", reviews[0]["episode_id"])
	}
}

// TestQuarantinePseudonymises: a rejection's Key and Value never hold a
// raw identifier of a child, a worker or a record, and no field of it
// mentions one (a duplicate_record names the first row by its pseudonym).
func TestQuarantinePseudonymises(t *testing.T) {
	const person, worker, review, plan1, plan2 = "RAWCHILD77", "RAWWORKER88", "RAWREVIEW99", "RAWPLAN1", "RAWPLAN2"
	tests := []struct {
		table     string
		rows      []raw
		wantKey   string
		wantValue string // of the last rejection
	}{
		{
			table: "person",
			rows: []raw{
				{line: 2, vals: map[string]string{"person_id": person, "dob": "2010-01-01"}},
				{line: 3, vals: map[string]string{"person_id": " " + person + " ", "dob": "2010-01-02"}},
			},
			wantKey: pseudonym(t, canonical.PersonID, person), wantValue: pseudonym(t, canonical.PersonID, person),
		},
		{
			table: "person",
			rows: []raw{
				{line: 2, vals: map[string]string{"person_id": person, "dob": "31/02/2019", "upn": "A123"}},
			},
			wantKey: pseudonym(t, canonical.PersonID, person), wantValue: "31/02/2019",
		},
		{
			table: "professionals",
			rows: []raw{
				{line: 2, vals: map[string]string{"professional_id": worker}},
				{line: 3, vals: map[string]string{"professional_id": worker}},
			},
			wantKey: pseudonym(t, canonical.StaffID, worker), wantValue: pseudonym(t, canonical.StaffID, worker),
		},
		{
			table: "life_story_work",
			rows: []raw{
				{line: 2, vals: map[string]string{"person_id": person, "started_date": "2024-02-01", "completed_date": "2024-01-01"}},
			},
			wantKey: pseudonym(t, canonical.PersonID, person), wantValue: "2024-01-01",
		},
		{
			table: "cla_reviews",
			rows: []raw{
				{line: 2, vals: map[string]string{"review_id": review, "episode_id": "E1", "review_date": "2024-01-01"}},
				{line: 3, vals: map[string]string{"review_id": review, "episode_id": "E1", "review_date": "2024-02-01"}},
			},
			wantKey: pseudonym(t, "review", review), wantValue: pseudonym(t, "review", review),
		},
		{
			table: "cp_plans",
			rows: []raw{
				{line: 2, vals: map[string]string{"cp_plan_id": plan1, "person_id": person, "start_date": "2024-01-01"}},
				{line: 3, vals: map[string]string{"cp_plan_id": plan2, "person_id": person, "start_date": "2024-01-01"}},
			},
			wantKey: pseudonym(t, "cp_plan", plan2), wantValue: "",
		},
	}
	for _, tc := range tests {
		t.Run(tc.table, func(t *testing.T) {
			_, rejected, _ := conformPseudonyms(t, lookup(t, tc.table), tc.table+".csv", Options{}, tc.rows)
			if len(rejected) != 1 {
				t.Fatalf("want one rejection, got %s", show(rejected))
			}
			r := rejected[0]
			if r.Key != tc.wantKey || r.Value != tc.wantValue {
				t.Errorf("Key, Value = %q, %q; want %q, %q", r.Key, r.Value, tc.wantKey, tc.wantValue)
			}
			for _, field := range []string{r.Key, r.Value, r.Message, r.Column, r.Source} {
				for _, id := range []string{person, worker, "A123", review, plan1, plan2} {
					if strings.Contains(field, id) {
						t.Errorf("rejection leaks raw identifier %s: %+v", id, r)
					}
				}
			}
		})
	}
}

// TestConformUPN drops pupil numbers unless the config keeps them, and
// then keeps them pseudonymised.
func TestConformUPN(t *testing.T) {
	table := lookup(t, "person")
	rows := []raw{
		{line: 2, vals: map[string]string{"person_id": "P1", "dob": "2010-01-01", "upn": "A123456789012"}},
		{line: 3, vals: map[string]string{"person_id": "P2", "dob": "2010-01-01"}},
	}
	tests := []struct {
		keep bool
		want []any
	}{
		{false, []any{nil, nil}},
		{true, []any{pseudonym(t, canonical.PersonID, "A123456789012"), nil}},
	}
	for _, tc := range tests {
		kept, rejected := conform(t, table, "ssd_person.csv", Options{KeepUPN: tc.keep}, rows)
		if len(rejected) != 0 || len(kept) != 2 {
			t.Fatalf("KeepUPN %v: kept %v, rejected %s", tc.keep, kept, show(rejected))
		}
		diff(t, fmt.Sprintf("upn with KeepUPN %v", tc.keep), []any{kept[0]["upn"], kept[1]["upn"]}, tc.want)
	}
}

// TestPseudonymCache: pseudonyms served from the cache are the HMAC's,
// through the cache filling and starting again, and after a domain whose
// ids never came back stopped caching; the cache keeps its own copy of an
// id whose bytes are later overwritten.
func TestPseudonymCache(t *testing.T) {
	p := mustPseudonymiser(t, testKey)
	fresh := mustPseudonymiser(t, testKey)
	for pass := range 2 {
		// Each staff id is asked for twice running, so its cache serves a
		// hit for every insert and starts again when full; each child's id
		// once a pass, so its cache stops once it is first full.
		for i := range 3*cacheSize + 10 {
			kind, id := canonical.StaffID, fmt.Sprintf("W%07d", i/4)
			if i%2 == 0 {
				kind, id = canonical.PersonID, fmt.Sprintf("C%07d", i)
			}
			if got, want := p.Pseudonym(kind, id), fresh.hmac(kind, id); got != want {
				t.Fatalf("pass %d: %v %s = %s, want %s", pass, kind, id, got, want)
			}
			for _, d := range p.domains {
				if len(d.cache) > cacheSize {
					t.Fatalf("the %s cache holds %d pseudonyms, more than %d", d.kind, len(d.cache), cacheSize)
				}
			}
		}
	}
	if d := p.domain(canonical.PersonID); !d.off || d.cache != nil {
		t.Errorf("the child cache, whose ids never came back, is still on (%d pseudonyms)", len(d.cache))
	}
	if d := p.domain(canonical.StaffID); d.off || len(d.cache) == 0 {
		t.Errorf("the staff cache, a hit for every insert, stopped (off %v, %d pseudonyms)", d.off, len(d.cache))
	}

	buf := []byte("REUSED01")
	id := unsafeString(buf)
	first := p.Pseudonym(canonical.StaffID, id)
	copy(buf, "REUSED02")
	if got, want := p.Pseudonym(canonical.StaffID, "REUSED01"), first; got != want {
		t.Errorf("after the id's buffer was reused, REUSED01 = %s, want %s", got, want)
	}
	if got, want := p.Pseudonym(canonical.StaffID, "REUSED02"), fresh.hmac(canonical.StaffID, "REUSED02"); got != want {
		t.Errorf("REUSED02 = %s, want %s", got, want)
	}
}

// TestChildScopedIDs: an id a source made from a child's id and a date
// (canonical.ChildScoped) is hashed as the child's pseudonym and the date,
// in the record's domain: the child's id is hashed only as a child's, and
// the pseudonym is the one the 903 and CIN readers made when they
// pseudonymised the child themselves, so earlier lakes still match. The
// rows a source sets aside get their key and identifying value the same way.
func TestChildScopedIDs(t *testing.T) {
	p, _ := NewPseudonymiser([]byte(strings.Repeat("k", 32)))
	made := canonical.ChildScoped("C01") + "/2024-01-05"
	want := p.Pseudonym("episode", p.Pseudonym(canonical.PersonID, "C01")+"/2024-01-05")
	if got := p.Pseudonym("episode", made); got != want {
		t.Errorf("Pseudonym = %s, want %s", got, want)
	}
	if got := p.PseudonymOnce("episode", made); got != want {
		t.Errorf("PseudonymOnce = %s, want %s", got, want)
	}
	if got := p.Pseudonym(canonical.PersonID, "C01"); got == p.Pseudonym(canonical.PersonID, made) {
		t.Error("a person id is not child-scoped")
	}
	safe := SourceRejections(p)
	r := safe(canonical.Rejection{Table: "cla_episodes", Key: " " + made + " ", Column: "person_id", Value: "C01", Message: "m"})
	if r.Key != want || r.Value != p.Pseudonym(canonical.PersonID, "C01") || r.Message != "m" {
		t.Errorf("a source's rejection became %+v", r)
	}
	r = safe(canonical.Rejection{Table: "cla_episodes", Key: made, Column: "episode_start_date", Value: "10/01/2023"})
	if r.Value != "10/01/2023" {
		t.Errorf("a value that identifies nothing was changed: %q", r.Value)
	}
}

// TestConformPseudonymsAcrossRows: every row's pseudonyms are those of its
// own ids, whether an id repeats the row before, changes, comes back, or
// comes in the next batch. A column's last id is the conformer's own copy:
// an id whose bytes are overwritten after it was pseudonymised (an Arrow
// buffer reused) does not pass for the new value.
func TestConformPseudonymsAcrossRows(t *testing.T) {
	table := lookup(t, "involvements")
	row := func(line int64, id, person, worker string) raw {
		return raw{line: line, vals: map[string]string{
			"involvement_id": id, "person_id": person, "professional_id": worker, "start_date": "2024-01-01"}}
	}
	first := []raw{row(2, "I1", "C1", "W1"), row(3, "I2", "C1", "W1"), row(4, "I3", "C2", "W1"), row(5, "I4", "C1", "W2")}
	second := []raw{row(6, "I5", "C1", "W2"), row(7, "I6", "C10", "W2"), row(8, "I7", "C1", "W20")}
	kept, rejected, _ := conformPseudonyms(t, table, "ssd_involvements.csv", Options{Pseudonymiser: mustPseudonymiser(t, testKey)}, first, second)
	if len(rejected) != 0 || len(kept) != len(first)+len(second) {
		t.Fatalf("kept %d rows, rejected %s", len(kept), show(rejected))
	}
	for i, in := range append(first, second...) {
		if got, want := kept[i]["person_id"], pseudonym(t, canonical.PersonID, in.vals["person_id"]); got != want {
			t.Errorf("line %d: person_id = %v, want the pseudonym of %s", in.line, got, in.vals["person_id"])
		}
		if got, want := kept[i]["professional_id"], pseudonym(t, canonical.StaffID, in.vals["professional_id"]); got != want {
			t.Errorf("line %d: professional_id = %v, want the pseudonym of %s", in.line, got, in.vals["professional_id"])
		}
	}

	c := NewConformer(memory.NewGoAllocator(), table, defaults(t, table, Options{Pseudonymiser: mustPseudonymiser(t, testKey)}))
	defer c.Release()
	col := indexOf(table, "person_id")
	buf := []byte("REUSED01")
	c.identifierValue(col, unsafeString(buf))
	copy(buf, "REUSED02")
	if got, want := c.identifierValue(col, unsafeString(buf)), pseudonym(t, canonical.PersonID, "REUSED02"); got != want {
		t.Errorf("after the last id's bytes were overwritten with REUSED02, person_id = %s, want its pseudonym %s", got, want)
	}
}
