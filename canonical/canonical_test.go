package canonical

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// TestTablesConsistent checks the rules every table definition must keep
// for conforming to work.
func TestTablesConsistent(t *testing.T) {
	names := map[string]bool{}
	files := map[string]string{}
	for _, tb := range Tables {
		if names[tb.Name] {
			t.Errorf("table %s defined twice", tb.Name)
		}
		names[tb.Name] = true
		if other, ok := files[strings.ToLower(tb.SourceFile)]; ok {
			t.Errorf("tables %s and %s both read %s", other, tb.Name, tb.SourceFile)
		}
		files[strings.ToLower(tb.SourceFile)] = tb.Name

		cols := map[string]Column{}
		sources := map[string]string{}
		for _, c := range tb.Columns {
			if _, dup := cols[c.Name]; dup {
				t.Errorf("%s.%s defined twice", tb.Name, c.Name)
			}
			cols[c.Name] = c
			if c.Name == LineColumn || c.Name == SourceColumn {
				t.Errorf("%s has a column named %s", tb.Name, c.Name)
			}
			if c.Source != "" {
				if other, dup := sources[strings.ToLower(c.Source)]; dup {
					t.Errorf("%s.%s and %s both read %s", tb.Name, other, c.Name, c.Source)
				}
				sources[strings.ToLower(c.Source)] = c.Name
			}
			switch c.Kind {
			case Code, CodeList:
				if _, ok := CodeLists[c.Codes]; !ok {
					t.Errorf("%s.%s: no code list %q", tb.Name, c.Name, c.Codes)
				}
			default:
				if c.Codes != "" {
					t.Errorf("%s.%s is %s but names code list %s", tb.Name, c.Name, c.Kind, c.Codes)
				}
			}
			// A required column that no source fills would reject every row.
			if c.Required && (c.Source == "" || c.Extension) {
				t.Errorf("%s.%s is required but derived or an optional extension", tb.Name, c.Name)
			}
			if c.Extension && c.Source == "" {
				t.Errorf("%s.%s is an extension with no source column", tb.Name, c.Name)
			}
			if c.ID != NotIdentifying && c.Kind != Text {
				t.Errorf("%s.%s is an identifier but is %s", tb.Name, c.Name, c.Kind)
			}
		}
		key, ok := cols[tb.Key]
		if !ok {
			t.Errorf("%s: key %s is not a column", tb.Name, tb.Key)
		} else if !key.Required || key.Kind != Text {
			t.Errorf("%s: key %s must be required text", tb.Name, tb.Key)
		}
		for _, o := range tb.DateOrders {
			for _, name := range []string{o.Earlier, o.Later} {
				if c, ok := cols[name]; !ok || c.Kind != Date {
					t.Errorf("%s: date order names %s, which is not a date column", tb.Name, name)
				}
			}
		}
		if tb.CodeYearColumn != "" {
			if c, ok := cols[tb.CodeYearColumn]; !ok || c.Kind != Date {
				t.Errorf("%s: code year column %s is not a date column", tb.Name, tb.CodeYearColumn)
			}
		}
		if tb.EventDate != "" {
			if c, ok := cols[tb.EventDate]; !ok || c.Kind != Date {
				t.Errorf("%s: event date %s is not a date column", tb.Name, tb.EventDate)
			}
		}
		if e := tb.FutureAllowed; e.Column != "" {
			if c, ok := cols[e.Column]; !ok || c.Kind != Code || !HasCode(c.Codes, e.Value) || tb.EventDate == "" {
				t.Errorf("%s: future dates allowed for %s = %s, which is not a code of a code column, or no event date", tb.Name, e.Column, e.Value)
			}
		}
		if n := tb.Natural; n != nil {
			if len(n.Columns) == 0 || n.Record == "" || n.Same == "" {
				t.Errorf("%s: natural key %+v lacks columns or words", tb.Name, n)
			}
			for _, name := range n.Columns {
				// The natural key is compared before staging: a derived
				// column is still empty then.
				if c, ok := cols[name]; !ok || c.Source == "" || c.Kind == CodeList || name == tb.Key {
					t.Errorf("%s: natural key column %s is not a source column of the table (or is the key or a list)", tb.Name, name)
				}
			}
		}
		for _, c := range tb.Columns {
			if c.Codes == "PLACE" && c.Source != "" && tb.CodeYearColumn == "" {
				t.Errorf("%s.%s reads placement types with no code year column", tb.Name, c.Name)
			}
		}
		if tb.SourceFile == "" {
			t.Errorf("%s has no source file", tb.Name)
		}
	}
}

// TestDomainTables checks the tables and keys of docs/domain.md §1.
func TestDomainTables(t *testing.T) {
	keys := map[string]string{
		"person": "person_id", "cla_episodes": "episode_id", "cla_placements": "placement_id",
		"cla_reviews": "review_id", "cla_care_plans": "care_plan_id", "cla_health": "health_check_id",
		"cla_pep": "pep_id", "cla_visits": "visit_id", "permanence": "permanence_id", "cp_conferences": "icpc_id",
		"cp_plans": "cp_plan_id", "cp_reviews": "cp_review_id", "professionals": "professional_id",
		"involvements": "involvement_id", "iro_challenges": "challenge_id", "iro_midpoint_checks": "check_id",
		"case_audits": "audit_id", "life_story_work": "person_id", "stability_meetings": "meeting_id",
	}
	for name, key := range keys {
		tb, err := Lookup(name)
		if err != nil {
			t.Error(err)
			continue
		}
		if tb.Key != key {
			t.Errorf("%s key %s, want %s", name, tb.Key, key)
		}
	}
	// Every person and staff column is pseudonymised.
	for _, tc := range []struct{ table, column string }{
		{"person", "person_id"}, {"person", "upn"}, {"cla_episodes", "person_id"},
		{"involvements", "person_id"}, {"iro_challenges", "person_id"},
	} {
		tb, _ := Lookup(tc.table)
		if c, _ := tb.Column(tc.column); c.ID != PersonID {
			t.Errorf("%s.%s is not a person identifier", tc.table, tc.column)
		}
	}
	for _, tc := range []struct{ table, column string }{
		{"professionals", "professional_id"}, {"involvements", "professional_id"},
		{"cla_reviews", "iro_id"}, {"iro_challenges", "iro_id"}, {"iro_midpoint_checks", "iro_id"},
	} {
		tb, _ := Lookup(tc.table)
		if c, _ := tb.Column(tc.column); c.ID != StaffID {
			t.Errorf("%s.%s is not a staff identifier", tc.table, tc.column)
		}
	}
	// Every record id, a table's key or a column referring to one, is
	// pseudonymised in the record's own domain, shared by the key and every
	// reference to it, so the pseudonyms still join.
	domains := map[string]Identifier{
		"legal_status_id": "legal_status", "episode_id": "episode", "cla_id": "cla", "placement_id": "placement",
		"review_id": "review", "care_plan_id": "care_plan", "health_check_id": "health_check", "pep_id": "pep",
		"visit_id": "visit", "permanence_id": "permanence", "s47_enquiry_id": "s47_enquiry", "icpc_id": "icpc",
		"cp_plan_id": "cp_plan", "cp_review_id": "cp_review", "involvement_id": "involvement",
		"challenge_id": "challenge", "check_id": "midpoint_check", "audit_id": "audit", "meeting_id": "meeting",
		"person_id": PersonID, "upn": PersonID, "professional_id": StaffID, "iro_id": StaffID,
	}
	for _, tc := range []struct{ table, column string }{
		{"cla_episodes", "episode_id"}, {"cla_placements", "episode_id"}, {"cla_reviews", "episode_id"}, {"cla_visits", "episode_id"},
		{"cla_episodes", "cla_id"}, {"cla_placements", "cla_id"}, {"cla_reviews", "cla_id"}, {"cla_visits", "cla_id"},
		{"permanence", "cla_id"}, {"iro_midpoint_checks", "cla_id"},
		{"cla_placements", "placement_id"}, {"cla_episodes", "placement_id"}, {"stability_meetings", "placement_id"},
		{"s47_enquiries", "s47_enquiry_id"}, {"cp_conferences", "s47_enquiry_id"},
		{"cp_conferences", "icpc_id"}, {"cp_plans", "icpc_id"},
		{"cp_plans", "cp_plan_id"}, {"cp_reviews", "cp_plan_id"},
		{"legal_status", "legal_status_id"}, {"cla_reviews", "review_id"}, {"cla_care_plans", "care_plan_id"},
		{"cla_health", "health_check_id"}, {"cla_pep", "pep_id"}, {"cla_visits", "visit_id"}, {"permanence", "permanence_id"},
		{"cp_reviews", "cp_review_id"}, {"involvements", "involvement_id"}, {"iro_challenges", "challenge_id"},
		{"iro_midpoint_checks", "check_id"}, {"case_audits", "audit_id"}, {"stability_meetings", "meeting_id"},
	} {
		tb, _ := Lookup(tc.table)
		if c, ok := tb.Column(tc.column); !ok || c.ID != domains[tc.column] {
			t.Errorf("%s.%s is pseudonymised in domain %q, want %q", tc.table, tc.column, c.ID, domains[tc.column])
		}
	}
	// No identifier hides in a column that is not marked: every key, every
	// column named like an id, is pseudonymised, in its name's domain.
	for _, tb := range Tables {
		for _, c := range tb.Columns {
			isID := c.Name == tb.Key || strings.HasSuffix(c.Name, "_id") || c.Name == UPNColumn
			if isID && c.ID == NotIdentifying {
				t.Errorf("%s.%s is not pseudonymised", tb.Name, c.Name)
			}
			if want, ok := domains[c.Name]; ok && c.ID != want {
				t.Errorf("%s.%s is pseudonymised in domain %q, want %q", tb.Name, c.Name, c.ID, want)
			}
			if !isID && c.ID != NotIdentifying {
				t.Errorf("%s.%s is pseudonymised but is no id", tb.Name, c.Name)
			}
		}
	}
	// The person and staff domains are those pseudonyms were first made
	// in: a new name would change every child's and worker's pseudonym.
	if PersonID != "person" || StaffID != "staff" {
		t.Errorf("person and staff domains %q and %q, want person and staff", PersonID, StaffID)
	}
}

func TestLookup(t *testing.T) {
	tb, err := Lookup("cla_reviews")
	if err != nil || tb.Name != "cla_reviews" || tb.SourceFile != "ssd_cla_reviews" {
		t.Fatalf("Lookup(cla_reviews) = %+v, %v", tb, err)
	}
	_, err = Lookup("cla_review")
	if err == nil || !strings.Contains(err.Error(), `no canonical table "cla_review"`) || !strings.Contains(err.Error(), "cla_reviews") {
		t.Errorf("Lookup(cla_review) error = %v", err)
	}
	if got := Names(); len(got) != len(Tables) || got[0] != "person" {
		t.Errorf("Names() = %v", got)
	}
	if c, ok := tb.Column("review_date"); !ok || c.Kind != Date || c.Source != "clar_cla_review_date" {
		t.Errorf("Column(review_date) = %+v, %v", c, ok)
	}
	if _, ok := tb.Column("nope"); ok {
		t.Error("Column(nope) found")
	}
}

func TestSchemas(t *testing.T) {
	tb, _ := Lookup("cla_care_plans")
	raw := arrow.NewSchema([]arrow.Field{
		{Name: "care_plan_id", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "person_id", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "start_date", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "end_date", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "plan_codes", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "_line", Type: arrow.PrimitiveTypes.Int64},
	}, nil)
	if !tb.RawSchema().Equal(raw) {
		t.Errorf("RawSchema\n%v\nwant\n%v", tb.RawSchema(), raw)
	}
	typed := arrow.NewSchema([]arrow.Field{
		{Name: "care_plan_id", Type: arrow.BinaryTypes.String},
		{Name: "person_id", Type: arrow.BinaryTypes.String},
		{Name: "start_date", Type: arrow.FixedWidthTypes.Date32},
		{Name: "end_date", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "plan_codes", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
		{Name: "_line", Type: arrow.PrimitiveTypes.Int64},
		{Name: "_source", Type: arrow.BinaryTypes.String},
	}, nil)
	if !tb.Schema().Equal(typed) {
		t.Errorf("Schema\n%v\nwant\n%v", tb.Schema(), typed)
	}
	kinds := []struct {
		kind Kind
		want arrow.DataType
		name string
	}{
		{Text, arrow.BinaryTypes.String, "text"},
		{Code, arrow.BinaryTypes.String, "code"},
		{Date, arrow.FixedWidthTypes.Date32, "date"},
		{Bool, arrow.FixedWidthTypes.Boolean, "bool"},
		{Int, arrow.PrimitiveTypes.Int64, "int"},
		{Float, arrow.PrimitiveTypes.Float64, "float"},
		{CodeList, arrow.ListOf(arrow.BinaryTypes.String), "code list"},
	}
	for _, k := range kinds {
		if !arrow.TypeEqual(k.kind.ArrowType(), k.want) || k.kind.String() != k.name {
			t.Errorf("kind %d: %s %v, want %s %v", k.kind, k.kind, k.kind.ArrowType(), k.name, k.want)
		}
	}
}

// TestDfECodeLists checks the SSDA903 lists against docs/domain.md §2.
func TestDfECodeLists(t *testing.T) {
	want := map[string]string{
		"RNE": "S L P T B U",
		"LS":  "C1 C2 D1 E1 V2 V3 V4 L1 L2 L3 J1 J2 J3",
		"PLACE": "A3 A4 A5 A6 K1 K2 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1 " +
			"H5 K3 Z11 Z12 Z13 Z14",
		"REC":                "X1 E11 E12 E2 E3 E4A E4B E13 E41 E45 E46 E47 E48 E43 E44 E5 E6 E7 E9 E14 E15 E16 E17 E8",
		"PN":                 "PN0 PN1 PN2 PN3 PN4 PN5 PN6 PN7",
		"CARE_PLAN":          "REMAINSUP RETURN1M RETURN6M RETURNEV LTRELFR LTFOST18 RESPLMT SUPPLIV ADOPTION OTHERPLN",
		"HEALTH_CHECK":       "initial_health_assessment review_health_assessment dental",
		"HEALTH_STATUS":      "completed planned refused cancelled",
		"STAFF_ROLE":         "iro social_worker team_manager",
		"CHALLENGE_CATEGORY": "care_plan permanence health education placement contact drift other",
		"CHALLENGE_LEVEL":    "informal formal_1 formal_2 formal_3 cafcass",
		"CHALLENGE_OUTCOME":  "resolved escalated withdrawn open",
		"MIDPOINT_OUTCOME":   "on_track concern_raised escalated",
		"GRADE":              "outstanding good requires_improvement inadequate",
		"MEETING_TYPE":       "stability disruption",
		"PEP_TYPE":           "initial review",
		"RD":                 "RD1 RD2 RD3 RD4",
		"ORDER_TYPE":         "adoption sgo cao",
	}
	for list, codes := range want {
		got := slices.Sorted(slices.Values(CodeLists[list]))
		w := slices.Sorted(slices.Values(strings.Fields(codes)))
		if !slices.Equal(got, w) {
			t.Errorf("%s = %v, want %v", list, got, w)
		}
	}
}

// TestCodeListsSpelling: each list is all upper or all lower case with no
// repeats, which HasCode and Normalise rely on.
func TestCodeListsSpelling(t *testing.T) {
	for list, codes := range CodeLists {
		seen := map[string]bool{}
		for _, c := range codes {
			if seen[strings.ToUpper(c)] {
				t.Errorf("%s lists %s twice", list, c)
			}
			seen[strings.ToUpper(c)] = true
			if c != strings.ToUpper(c) && c != strings.ToLower(c) {
				t.Errorf("%s: %s is mixed case", list, c)
			}
			if strings.TrimSpace(c) != c || c == "" {
				t.Errorf("%s: %q has spaces or is empty", list, c)
			}
		}
	}
}

func TestHasCodeLookupCode(t *testing.T) {
	tests := []struct {
		list, in string
		ok       bool
		want     string
	}{
		{"LS", "C1", true, "C1"},
		{"LS", "c1", true, "C1"},
		{"REC", "e4a", true, "E4A"},
		{"REC", "E4a", true, "E4A"},
		{"PLACE", "z11", true, "Z11"},
		{"HEALTH_STATUS", "completed", true, "completed"},
		{"HEALTH_STATUS", "Completed", true, "completed"},
		{"GRADE", "REQUIRES_IMPROVEMENT", true, "requires_improvement"},
		{"LS", "C3", false, ""},
		{"LS", "", false, ""},
		{"LS", " C1", false, ""},
		{"NO_LIST", "C1", false, ""},
		{"RNE", "Started to be looked after", false, ""},
	}
	for _, tc := range tests {
		if got := HasCode(tc.list, tc.in); got != tc.ok {
			t.Errorf("HasCode(%s, %q) = %v, want %v", tc.list, tc.in, got, tc.ok)
		}
		if got, ok := LookupCode(tc.list, tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("LookupCode(%s, %q) = %q, %v; want %q, %v", tc.list, tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPlacementValidOn(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	before, from := day(2025, 3, 31), day(2025, 4, 1)
	tests := []struct {
		code         string
		before, from bool
	}{
		{"H5", true, false}, {"P2", true, false}, {"Z1", true, false},
		{"K3", false, true}, {"Z11", false, true}, {"Z12", false, true}, {"Z13", false, true}, {"Z14", false, true},
		{"U1", true, true}, {"K2", true, true}, {"A3", true, true}, {"P1", true, true},
	}
	for _, tc := range tests {
		if got := PlacementValidOn(tc.code, before); got != tc.before {
			t.Errorf("PlacementValidOn(%s, 2025-03-31) = %v", tc.code, got)
		}
		if got := PlacementValidOn(tc.code, from); got != tc.from {
			t.Errorf("PlacementValidOn(%s, 2025-04-01) = %v", tc.code, got)
		}
		if got := PlacementValidOn(tc.code, day(2030, 1, 1)); got != tc.from {
			t.Errorf("PlacementValidOn(%s, 2030-01-01) = %v", tc.code, got)
		}
		if got := PlacementValidOn(tc.code, day(2000, 1, 1)); got != tc.before {
			t.Errorf("PlacementValidOn(%s, 2000-01-01) = %v", tc.code, got)
		}
	}
}

// TestEventDates: the tables whose rows record an event, and the date it
// happened on (a row dated after the as-at date is a future_date); only a
// planned health check or PEP may be in the future.
func TestEventDates(t *testing.T) {
	want := map[string]string{
		"cla_reviews": "review_date", "cla_visits": "visit_date", "cp_reviews": "review_date", "cp_conferences": "icpc_date",
		"cla_pep": "pep_date", "iro_midpoint_checks": "check_date", "case_audits": "audit_date", "iro_challenges": "raised_date",
		"stability_meetings": "meeting_date", "cla_health": "check_date",
	}
	for _, tb := range Tables {
		if tb.EventDate != want[tb.Name] {
			t.Errorf("%s: event date %q, want %q", tb.Name, tb.EventDate, want[tb.Name])
		}
		allowed := ColumnValue{}
		if tb.Name == "cla_health" || tb.Name == "cla_pep" {
			allowed = ColumnValue{"status", "planned"}
		}
		if tb.FutureAllowed != allowed {
			t.Errorf("%s: future dates allowed for %+v, want %+v", tb.Name, tb.FutureAllowed, allowed)
		}
	}
	// Episodes have no natural key: same-day episodes are resolved in
	// staging by a preference rule, not by keeping the first.
	if tb, _ := Lookup("cla_episodes"); tb.Natural != nil {
		t.Errorf("cla_episodes has a natural key %v", tb.Natural)
	}
}
