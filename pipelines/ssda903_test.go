package pipelines

import (
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"carewh/canonical"
	"carewh/pipelines/warehouse"
	"carewh/transforms"
)

// ssda903Fixture is the two-year 903 fixture; its README works out every
// expected value by hand.
const ssda903Fixture = "extract/ssda903/testdata/two_years"

// TestSSDA903EndToEnd runs the whole pipeline on two overlapping SSDA903
// returns and checks hand-worked review timeliness rows, the quarantine of
// bad input, the adoption and health marts, that the IRO forms the 903
// lacks give KPIs with no denominator, and that CHILD never reaches the
// warehouse in clear.
func TestSSDA903EndToEnd(t *testing.T) {
	cfg := sourceConfig(t, "ssda903", ssda903Fixture, "2024-05-31")
	runPipeline(t, cfg)
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	children := map[string]string{} // pseudonym → CHILD
	p, _ := transforms.NewPseudonymiser([]byte(testKey))
	for i := 1; i <= 9; i++ {
		c := fmt.Sprintf("C%02d", i)
		children[p.Pseudonym(canonical.PersonID, c)] = c
	}
	query := func(q string) []string {
		t.Helper()
		return ssda903Rows(t, db, children, q)
	}

	t.Run("review timeliness", func(t *testing.T) {
		got := query(`SELECT person_id, sequence_number, due_date, held_date, days_late, on_time, participation, reporting_year
			FROM marts.lac_review_timeliness`)
		ssda903Diff(t, got, []string{
			"C01|1|2022-07-01|2022-06-28|0|true|PN1|2022-23",
			"C01|2|2022-09-28|2022-10-05|7|false|PN1|2022-23",
			"C01|3|2023-04-05|2023-03-30|0|true|PN2|2022-23",
			"C01|4|2023-09-30|2023-10-02|2|false|PN3|2023-24",
			"C02|1|2023-05-04|2023-05-05|1|false|PN1|2023-24",
			"C02|2|2023-08-05|2023-08-01|0|true|PN2|2023-24",
			"C04|1|2023-05-31|2023-05-20|0|true|PN1|2023-24",
			"C06|1|2023-02-09|2023-02-09|0|true|PN1|2022-23",
			"C07|1|2022-11-29|2022-11-29|0|true|PN1|2022-23",
			"C08|1|2022-08-01|2022-08-01|0|true|PN0|2022-23",
		})
	})

	t.Run("quarantine", func(t *testing.T) {
		// The warehouse's review rules name the table's files together, so
		// their source is left out here; the line is the Reviews line.
		got := query(`SELECT table_name,
				CASE WHEN table_name = 'cla_reviews' THEN '' ELSE source END, line, rule, column_name,
				CASE WHEN rule IN ('duplicate_key', 'episode_quarantined') THEN '' ELSE value END
			FROM ops.quarantine`)
		ssda903Diff(t, got, []string{
			"cla_episodes|2022-23/Episodes.csv|3|bad_type|episode_start_date|31/02/2019",
			"cla_episodes|2022-23/Episodes.csv|5|duplicate_key|episode_id|",
			"cla_episodes|2022-23/Episodes.csv|6|superseded|episode_start_date|10/01/2023",
			"cla_episodes|2024/SSDA903_Episodes_2024.csv|5|bad_value|placement_type|*DUMMY*",
			"cla_health|2024/oc2.csv|4|bad_value|status|*DUMMY*",
			"cla_placements|2024/SSDA903_Episodes_2024.csv|5|unknown_code|placement_type|*DUMMY*",
			"cla_reviews||6|review_outside_care|review_date|2022-05-25",
			"person|2022-23/Header.csv|3|bad_type|dob|31/02/2019",
		})
		msgs := strings.Join(query(`SELECT message FROM ops.quarantine WHERE rule IN ('bad_type', 'unknown_code')`), "\n")
		for _, want := range []string{
			`2022-23/Episodes.csv line 3, column DECOM: "31/02/2019" is not a real date`,
			`2022-23/Header.csv line 3, column DOB: "31/02/2019" is not a real date`,
			`2024/SSDA903_Episodes_2024.csv line 5, column PLACE: "*DUMMY*" is not a PLACE code`,
		} {
			if !strings.Contains(msgs, want) {
				t.Errorf("no quarantine message %q in\n%s", want, msgs)
			}
		}
	})

	t.Run("later return wins", func(t *testing.T) {
		ssda903Diff(t, query(`SELECT person_id, ethnicity FROM staging.person WHERE person_id IN (SELECT person_id FROM staging.cla_episodes)`),
			[]string{"C01|WBRI", "C02|WBRI", "C04|WBRI", "C05|MWBC", "C06|WBRI", "C07|BAFR", "C08|WBRI"})
		ssda903Diff(t, query(`SELECT person_id, period_start, period_end, end_reason, episodes FROM core.periods_of_care`), []string{
			"C01|2022-06-01|||2", "C02|2023-04-03|||1", "C04|2023-05-01|||1", "C05|2023-02-01|2023-02-20|E4A|1", "C06|2023-01-12|||1",
			"C07|2022-05-03|2022-05-20|E4A|1", "C07|2022-11-01|||1", "C08|2022-07-04|2024-01-15|E12|3",
		})
		ssda903Diff(t, query(fmt.Sprintf(`SELECT person_id, episode_start_date, placement_provider, episode_end_date, end_reason
			FROM staging.cla_episodes WHERE person_id = '%s'`, p.Pseudonym(canonical.PersonID, "C01"))),
			[]string{"C01|2022-06-01|PR2|2023-09-15|X1", "C01|2023-09-15|PR1||"})
	})

	t.Run("adoption", func(t *testing.T) {
		ssda903Diff(t, query(`SELECT person_id, placement_order_date, matched_date, placed_for_adoption_date, adopted_by_carer,
				placed_foster_carer_date, a1_days, a10_days, a2_days, a3_waited_less FROM marts.adoption_timeliness`),
			[]string{"C08|2022-12-01|2023-02-15|2023-03-01|true|2022-07-04|240|0|76|true"})
	})

	t.Run("health", func(t *testing.T) {
		ssda903Diff(t, query(`SELECT person_id, last_assessment_date, assessment_in_date, dental_check_in_year
				FROM marts.health_assessments WHERE reporting_year = '2023-24'`),
			[]string{"C01|2024-03-31|true|true", "C06||false|true", "C07|2024-03-31|true|false"})
	})

	t.Run("kpis", func(t *testing.T) {
		got := query(`SELECT reporting_year, kpi_code, numerator, denominator FROM marts.board_kpis
			WHERE reporting_year IN ('2022-23', '2023-24') AND kpi_code IN ('LAC_REVIEWS_ON_TIME', 'MIDPOINT_MONITORED',
				'CHALLENGES_RESOLVED_INFORMALLY', 'CHALLENGES_FORMAL_IN_20_WD', 'AUDIT_GOOD_OR_BETTER',
				'AUDIT_IRO_GOOD_OR_BETTER', 'AUDIT_IMPACT_EVIDENT', 'IRO_LAC_PER_FTE', 'IRO_ABOVE_CASELOAD_MAX')`)
		ssda903Diff(t, got, []string{
			"2022-23|AUDIT_GOOD_OR_BETTER|0|0", "2022-23|AUDIT_IMPACT_EVIDENT|0|0", "2022-23|AUDIT_IRO_GOOD_OR_BETTER|0|0",
			"2022-23|CHALLENGES_FORMAL_IN_20_WD|0|0", "2022-23|CHALLENGES_RESOLVED_INFORMALLY|0|0",
			"2022-23|IRO_ABOVE_CASELOAD_MAX|0|0", "2022-23|IRO_LAC_PER_FTE|0|0",
			"2022-23|LAC_REVIEWS_ON_TIME|5|6",
			// the review intervals exist (see the README); the mid-point checks, an IRO form, do not
			"2022-23|MIDPOINT_MONITORED|0|2",
			"2023-24|AUDIT_GOOD_OR_BETTER|0|0", "2023-24|AUDIT_IMPACT_EVIDENT|0|0", "2023-24|AUDIT_IRO_GOOD_OR_BETTER|0|0",
			"2023-24|CHALLENGES_FORMAL_IN_20_WD|0|0", "2023-24|CHALLENGES_RESOLVED_INFORMALLY|0|0",
			"2023-24|IRO_ABOVE_CASELOAD_MAX|0|0", "2023-24|IRO_LAC_PER_FTE|0|0",
			"2023-24|LAC_REVIEWS_ON_TIME|2|4",
			"2023-24|MIDPOINT_MONITORED|0|3",
		})
		ssda903Diff(t, query(`SELECT table_name, available FROM ops.run_tables
				WHERE run_id = (SELECT run_id FROM ops.run_parameters) AND table_name IN
				('person', 'cla_episodes', 'cla_placements', 'cla_reviews', 'cla_health', 'permanence',
				 'iro_challenges', 'iro_midpoint_checks', 'case_audits', 'professionals', 'legal_status', 'cla_care_plans')`),
			[]string{"case_audits|false", "cla_care_plans|false", "cla_episodes|true", "cla_health|true", "cla_placements|true",
				"cla_reviews|true", "iro_challenges|false", "iro_midpoint_checks|false", "legal_status|false",
				"permanence|true", "person|true", "professionals|false"})
	})

	t.Run("no CHILD or UPN in clear", func(t *testing.T) {
		clear := regexp.MustCompile(`C0[1-9]|A123456789012`)
		tables := query(`SELECT table_schema || '.' || table_name FROM information_schema.tables
			WHERE table_schema = 'raw' OR (table_schema = 'ops' AND table_name = 'quarantine')`)
		if len(tables) < 20 {
			t.Fatalf("only %d tables to scan: %v", len(tables), tables)
		}
		for _, table := range tables {
			rows, err := db.Query(fmt.Sprintf("SELECT t::VARCHAR FROM %s t", table))
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				if m := clear.FindString(s); m != "" {
					t.Errorf("%s holds %s in clear: %s", table, m, s)
				}
			}
			rows.Close()
		}
	})
}

// ssda903Rows runs a query and returns its rows as "|"-joined text, sorted,
// with children's pseudonyms turned back into CHILD.
func ssda903Rows(t *testing.T, db *sql.DB, children map[string]string, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		text := make([]string, len(cols))
		for i, v := range vals {
			text[i] = strings.TrimSuffix(v.String, "T00:00:00Z")
			if c, ok := children[text[i]]; ok {
				text[i] = c
			}
		}
		out = append(out, strings.Join(text, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func ssda903Diff(t *testing.T, got, want []string) {
	t.Helper()
	slices.Sort(want)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
