package pipelines

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carewh/internal/dbtest"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"carewh/canonical"
	"carewh/config"
	"carewh/pipelines/lake"
	"carewh/pipelines/warehouse"
	sqlfiles "carewh/sql"
	"carewh/transforms"
)

// cinFixture is two census years of a made-up council (LEA 999): the
// 2022-23 census (reference date 2023-03-31) and the 2023-24 census
// (2024-03-31), which repeats CIN002 and CIN003 and has a few bad children.
const cinFixture = "extract/cincensus/testdata/years"

// runCINCensus runs the whole pipeline with a cincensus source over path,
// as at asOf, and opens the warehouse it built.
func runCINCensus(t *testing.T, path, asOf string) (*config.Config, lake.Manifest, *sql.DB) {
	t.Helper()
	cfg := sourceConfig(t, "cincensus", path, asOf)
	m := runPipeline(t, cfg)
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return cfg, m, db
}

// cinQuery renders a query's rows as strings, child pseudonyms in the
// person column turned back into LAchildIDs.
func cinQuery(t *testing.T, db *sql.DB, query string) [][]string {
	t.Helper()
	p, err := transforms.NewPseudonymiser([]byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for i := 1; i <= 9; i++ {
		id := fmt.Sprintf("CIN%03d", i)
		ids[p.Pseudonym(canonical.PersonID, id)] = id
	}
	cols, rows := dbtest.Values(t, db, query)
	var out [][]string
	for _, vals := range rows {
		rec := make([]string, len(cols))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				rec[i] = "NULL"
			case time.Time:
				rec[i] = v.Format(time.DateOnly)
			case []byte:
				rec[i] = string(v)
			case string:
				rec[i] = v
				if cols[i] == "person" {
					rec[i] = ids[v]
				}
			default:
				rec[i] = fmt.Sprint(v)
			}
		}
		out = append(out, rec)
	}
	return out
}

// TestCINCensusEndToEnd runs the pipeline on two census years and checks
// CP timeliness worked out by hand, that the latest census wins, that bad
// values are quarantined naming file, line and element, that LAC measures
// are empty rather than made up, and that no LAchildID reaches the lake.
func TestCINCensusEndToEnd(t *testing.T) {
	_, m, db := runCINCensus(t, cinFixture, "2024-03-31")

	t.Run("initial conference timeliness", func(t *testing.T) {
		// Due = the 15th working day after the S47 strategy discussion
		// (England and Wales bank holidays, docs/domain.md §3):
		//   CIN003: Mon 20 Mar 2023; 21–24 Mar (4), 27–31 Mar (9), 3–6 Apr (13),
		//           Good Friday 7 Apr and Easter Monday 10 Apr skipped, 11 Apr (14),
		//           12 Apr (15): due 2023-04-12 (the census's own target said
		//           11 Apr); held 12 Apr: 15 working days, on time.
		//   CIN002: Tue 2 May 2023; 3–5 May (3), coronation holiday Mon 8 May
		//           skipped, 9–12 May (7), 15–19 May (12), 22–24 May (15): due
		//           2023-05-24; held Thu 25 May: 16 working days, late.
		//   CIN001: Mon 5 Jun 2023; 6–9 Jun (4), 12–16 (9), 19–23 (14), 26 Jun
		//           (15): due 2023-06-26; held that day: on time.
		//   CIN002 (2022-23 census): Tue 17 May 2022; 18–20 May (3), 23–27 (8),
		//           30, 31 May, 1 Jun (11), 2 and 3 Jun holidays skipped, 6–9 Jun
		//           (15): due 2022-06-09; held 1 Jun: 11 working days, on time,
		//           in 2022-23.
		got := cinQuery(t, db, `SELECT person_id AS person, strategy_discussion_date, due_date, recorded_target_date,
			conference_date, working_days_taken, on_time, outcome_cp_plan, reporting_year
			FROM marts.cp_initial_conference_timeliness ORDER BY conference_date`)
		want := [][]string{
			{"CIN002", "2022-05-17", "2022-06-09", "2022-06-08", "2022-06-01", "11", "true", "true", "2022-23"},
			{"CIN003", "2023-03-20", "2023-04-12", "2023-04-11", "2023-04-12", "15", "true", "true", "2023-24"},
			{"CIN002", "2023-05-02", "2023-05-24", "2023-05-24", "2023-05-25", "16", "false", "true", "2023-24"},
			{"CIN001", "2023-06-05", "2023-06-26", "2023-06-26", "2023-06-26", "15", "true", "true", "2023-24"},
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("cp_initial_conference_timeliness (-want +got):\n%s", d)
		}
	})

	t.Run("CP review timeliness", func(t *testing.T) {
		// Review 1 is due 3 months after the initial conference, later ones
		// 6 months after the previous review:
		//   CIN002 (ICPC 1 Jun 2022): due 1 Sep 2022, held 30 Aug, on time.
		//   CIN003 (ICPC 12 Apr 2023): due 12 Jul, held 10 Jul, on time; due
		//          10 Jan 2024, held 15 Jan, 5 days late.
		//   CIN002 (ICPC 25 May 2023): due 25 Aug, held 30 Aug, 5 days late.
		//   CIN001 (ICPC 26 Jun 2023): due 26 Sep, held 20 Sep, on time; due
		//          20 Mar 2024, held 15 Mar, on time.
		//   CIN006 (plan from 2 Oct 2023, no conference in the census; its
		//          junk GenderCurrent and initial category are emptied, the
		//          child and plan kept): due 2 Jan 2024, held 20 Dec, on time.
		got := cinQuery(t, db, `SELECT person_id AS person, sequence_number, due_date, held_date, days_late, on_time
			FROM marts.cp_review_timeliness ORDER BY held_date`)
		want := [][]string{
			{"CIN002", "1", "2022-09-01", "2022-08-30", "0", "true"},
			{"CIN003", "1", "2023-07-12", "2023-07-10", "0", "true"},
			{"CIN002", "1", "2023-08-25", "2023-08-30", "5", "false"},
			{"CIN001", "1", "2023-09-26", "2023-09-20", "0", "true"},
			{"CIN006", "1", "2024-01-02", "2023-12-20", "0", "true"},
			{"CIN003", "2", "2024-01-10", "2024-01-15", "5", "false"},
			{"CIN001", "2", "2024-03-20", "2024-03-15", "0", "true"},
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("cp_review_timeliness (-want +got):\n%s", d)
		}
	})

	t.Run("board KPIs", func(t *testing.T) {
		// Conferences 2 of 3 on time; reviews 4 of 6; children on a plan
		// 3+ months with every review on time: CIN001 and CIN006 of the four.
		got := cinQuery(t, db, `SELECT kpi_code, numerator, denominator FROM marts.board_kpis
			WHERE reporting_year = '2023-24' AND area = 'cp' ORDER BY sort_order`)
		want := [][]string{
			{"CP_ICPC_ON_TIME", "2", "3"},
			{"CP_ICPC_TRANSFER_IN_ON_TIME", "0", "0"},
			{"CP_REVIEWS_ON_TIME", "4", "6"},
			{"CP_CHILDREN_ALL_REVIEWS_ON_TIME", "2", "4"},
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("CP KPIs (-want +got):\n%s", d)
		}
		// The census has no looked-after children: every LAC measure has
		// no denominator (and so no value), never a made-up zero per cent.
		got = cinQuery(t, db, `SELECT kpi_code, numerator, denominator, value, availability FROM marts.board_kpis
			WHERE reporting_year = '2023-24' AND kpi_code IN ('LAC_REVIEWS_ON_TIME', 'LAC_CHILDREN_ALL_REVIEWS_ON_TIME', 'LAC_PARTICIPATION',
				'HEALTH_ASSESSMENT_IN_DATE', 'PERMANENCE_LEGAL', 'MIDPOINT_MONITORED')
			ORDER BY kpi_code`)
		if len(got) != 6 {
			t.Fatalf("LAC KPIs: %v", got)
		}
		for _, r := range got {
			if r[2] != "0" || r[3] != "NULL" || r[4] != "not available from this source" {
				t.Errorf("%s: numerator %s, denominator %s, value %s, %s; want denominator 0, no value, not available from this source",
					r[0], r[1], r[2], r[3], r[4])
			}
		}
		if got := cinQuery(t, db, `SELECT count(*) FROM marts.board_kpis WHERE area <> 'cp' AND denominator <> 0`); got[0][0] != "0" {
			got = cinQuery(t, db, `SELECT kpi_code, numerator, denominator FROM marts.board_kpis WHERE area <> 'cp' AND denominator <> 0`)
			t.Errorf("KPIs outside CP with a denominator: %v", got)
		}
	})

	t.Run("latest census wins", func(t *testing.T) {
		// CIN003 was WOTH with GenderCurrent 0 in 2022-23, WBRI and 9 in
		// 2023-24; both mean sex U. CIN002's plan of 2022 is only in the
		// 2022-23 census and is kept.
		got := cinQuery(t, db, `SELECT person_id AS person, sex, ethnicity, dob FROM staging.person ORDER BY dob`)
		want := [][]string{
			{"CIN002", "F", "MWBC", "2012-11-02"},
			{"CIN006", "NULL", "WBRI", "2014-05-05"},
			{"CIN001", "M", "WBRI", "2015-03-27"},
			{"CIN003", "U", "WBRI", "2018-07-14"},
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("staging.person (-want +got):\n%s", d)
		}
		got = cinQuery(t, db, `SELECT person_id AS person, start_date, end_date, initial_category, latest_category,
			icpc_id IS NOT NULL AS linked FROM staging.cp_plans ORDER BY start_date`)
		want = [][]string{
			{"CIN002", "2022-06-01", "2022-12-01", "physical", "physical", "true"},
			{"CIN003", "2023-04-12", "NULL", "multiple", "neglect", "true"},
			{"CIN002", "2023-05-25", "2024-01-10", "physical", "emotional", "true"},
			{"CIN001", "2023-06-26", "NULL", "neglect", "neglect", "true"},
			{"CIN006", "2023-10-02", "NULL", "NULL", "neglect", "false"},
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("staging.cp_plans (-want +got):\n%s", d)
		}
		// Four S47 enquiries from 2023-24 (one of CIN002's needed no
		// conference) and CIN002's of 2022 from 2022-23; CIN003's, in
		// both, once.
		got = cinQuery(t, db, `SELECT person_id AS person, start_date FROM staging.s47_enquiries ORDER BY start_date`)
		want = [][]string{
			{"CIN002", "2022-05-17"}, {"CIN003", "2023-03-20"}, {"CIN002", "2023-05-02"}, {"CIN001", "2023-06-05"}, {"CIN002", "2023-11-01"},
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("staging.s47_enquiries (-want +got):\n%s", d)
		}
	})

	t.Run("quarantine", func(t *testing.T) {
		const f = "2024/cin_census_2024.xml"
		got := cinQuery(t, db, `SELECT table_name, source, line, rule, column_name, message FROM ops.quarantine
			ORDER BY table_name, line, column_name`)
		want := [][]string{
			{"cp_conferences", f, "219", "duplicate_key", "icpc_id", f + " line 219, column LAchildID+DateOfInitialCPC: key already used at line 44"},
			{"cp_plans", f, "193", "bad_value", "initial_category", f + ` line 193, column ChildProtectionPlans/InitialCategoryOfAbuse: "*DUMMY*" is not a ABUSE code and no mapping in config turns it into one; the row is kept with ChildProtectionPlans/InitialCategoryOfAbuse empty`},
			{"cp_plans", f, "225", "duplicate_key", "cp_plan_id", f + " line 225, column LAchildID+ChildProtectionPlans/CPPstartDate: key already used at line 51"},
			{"cp_reviews", f, "231", "duplicate_key", "cp_review_id", f + " line 231, column LAchildID+CPPstartDate+Reviews/CPPreviewDate: key already used at line 57"},
			{"person", f, "146", "bad_type", "dob", f + ` line 146, column ChildIdentifiers/PersonBirthDate: "2019-02-31" is not a real date`},
			{"person", f, "161", "required", "person_id", f + " line 161, column ChildIdentifiers/LAchildID: a value is required"},
			{"person", f, "181", "bad_value", "sex", f + ` line 181, column ChildIdentifiers/GenderCurrent or Sex: "*DUMMY*" is not a sex code and no mapping in config turns it into one; the row is kept with ChildIdentifiers/GenderCurrent or Sex empty`},
			{"person", f, "205", "duplicate_key", "person_id", f + " line 205, column ChildIdentifiers/LAchildID: key already used at line 20"},
			{"s47_enquiries", f, "173", "required", "person_id", f + " line 173, column ChildIdentifiers/LAchildID: a value is required"},
			{"s47_enquiries", f, "173", "required", "s47_enquiry_id", f + " line 173, column LAchildID+Section47/S47ActualStartDate: a value is required"},
			{"s47_enquiries", f, "219", "duplicate_key", "s47_enquiry_id", f + " line 219, column LAchildID+Section47/S47ActualStartDate: key already used at line 44"},
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("ops.quarantine (-want +got):\n%s", d)
		}
	})

	t.Run("tables the census does not carry", func(t *testing.T) {
		for _, table := range canonical.Tables {
			s := m.Tables[table.Name]
			provided := table.Name == "person" || strings.HasPrefix(table.Name, "cp_") || table.Name == "s47_enquiries"
			if s.Available != provided {
				t.Errorf("%s: available %v, want %v", table.Name, s.Available, provided)
			}
		}
	})

	t.Run("no LAchildID in the lake", func(t *testing.T) {
		// Keys of S47 enquiries, conferences, plans and reviews are built
		// from the child's pseudonym; quarantined values are pseudonymised.
		cols := cinQuery(t, db, `SELECT table_schema, table_name, column_name FROM information_schema.columns
			WHERE table_schema IN ('raw', 'ops') AND data_type = 'VARCHAR'`)
		if len(cols) == 0 {
			t.Fatal("no text columns")
		}
		for _, c := range cols {
			q := fmt.Sprintf(`SELECT count(*) FROM %s.%s WHERE %q LIKE '%%CIN0%%'`, c[0], c[1], c[2])
			if n := cinQuery(t, db, q)[0][0]; n != "0" {
				t.Errorf("%s.%s.%s: %s values hold an LAchildID", c[0], c[1], c[2], n)
			}
		}
	})
}

// TestCINCensusDamagedFile: XML damaged inside a child fails the run with
// the file and line, and publishes nothing: the previous warehouse stays.
func TestCINCensusDamagedFile(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(cinFixture, "2024", "cin_census_2024.xml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "cin.xml")
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, first, _ := runCINCensus(t, path, "2024-03-31")
	before := fileHash(t, cfg.WarehousePath())

	damaged := strings.Replace(string(good), "<Ethnicity>WOTH</Ethnicity>", "<Ethnicity>WOTH</Ethnicty>", 1)
	if err := os.WriteFile(path, []byte(damaged), 0o644); err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	failed, err := (&Runner{Config: cfg, Models: sqlfiles.Files, Getenv: testEnv, Mem: mem}).Run(context.Background())
	mem.AssertSize(t, 0)
	if err == nil {
		t.Fatal("a damaged census file: the run succeeded")
	}
	for _, w := range []string{"cin.xml line 152: XML is not well-formed: element <Ethnicity> closed by </Ethnicty>", "<Child> that starts on line 145"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
	if failed.Status != lake.StatusFailed {
		t.Errorf("manifest status %q", failed.Status)
	}
	if after := fileHash(t, cfg.WarehousePath()); after != before {
		t.Error("a failed run changed the warehouse")
	}
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := cinQuery(t, db, `SELECT run_id FROM ops.run_parameters`); got[0][0] != first.RunID {
		t.Errorf("warehouse is from run %s, want %s", got[0][0], first.RunID)
	}
}
