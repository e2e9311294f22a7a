package pipelines

import (
	"carewh/pipelines/warehouse"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPartialHistorySSDA903: a one-year 903 return (2023-24) lists every
// episode open on or after 1 April 2023. K01's first episode in it began on
// 10/01/2020 with RNE P: K01 was already looked after, so its period's start
// is unknown whatever the return says, its first review in the return is
// not assessable and the next is due six months after it (15/06/2023 +
// 6 months = 15/12/2023, held 10/12/2023: on time). K02 started to be
// looked after (RNE S) on Saturday 1/4/2023: review 1 is due on the 20th
// working day, 3 May 2023 (3–6 Apr (4); Good Friday 7 Apr and Easter Monday
// 10 Apr; 11–14 (8), 17–21 (13), 24–28 (18); 1 May holiday; 2, 3 May (20)),
// held 2 May: on time. The reporting years are those the return covers,
// not 2019-20 onwards, and not 2024-25 either: the run is asked for figures
// as at 31 May 2024, but the return knows nothing after 31 March 2024, so
// the figures are as at that day. K03's episode ceased on 15 April 2024,
// after the return's end, which no return can know: it is open on 31 March
// (end_after_as_at), and K03 is looked after on that day. In the
// permanence tracker (no care plans in a 903) K01's plan by review 2 is not
// assessable, K02's second review fell due on 2 August 2023 with no plan
// ("no"), and K03's first review is still owed, so its second is not yet
// due.
func TestPartialHistorySSDA903(t *testing.T) {
	dir := t.TempDir()
	year := filepath.Join(dir, "2023-24")
	if err := os.MkdirAll(year, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"Header.csv": "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nK01,1,15/03/2012,WBRI,,,\nK02,2,01/09/2014,WBRI,,,\nK03,1,04/07/2010,WBRI,,,\n",
		"Episodes.csv": "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n" +
			"K01,10/01/2020,P,C2,N1,U4,PR1,,,,,,\nK02,01/04/2023,S,C2,N1,U4,PR1,,,,,,\n" +
			"K03,01/06/2023,S,C2,N1,U4,PR1,15/04/2024,E4A,,,,\n",
		"Reviews.csv": "CHILD,DOB,REVIEW,REVIEW_CODE\nK01,15/03/2012,15/06/2023,PN1\nK01,15/03/2012,10/12/2023,PN1\nK02,01/09/2014,02/05/2023,PN1\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(year, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := sourceConfig(t, "ssda903", dir, "2024-05-31")
	runPipeline(t, cfg)
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids := goldenIDs(t, []string{"K01", "K02", "K03"}, nil)
	for _, c := range []struct {
		query string
		want  [][]string
	}{
		{`SELECT coverage_start, coverage_basis FROM core.source_coverage`, [][]string{
			{"coverage_start", "coverage_basis"},
			{"2023-04-01", "1 April of the SSDA903 collection year 2023-24"},
		}},
		// as at 31 March, the return's whole year is observed: complete
		{`SELECT reporting_year, complete FROM core.reporting_years ORDER BY 1`, [][]string{
			{"reporting_year", "complete"}, {"2023-24", "true"},
		}},
		{`SELECT as_of_date FROM ops.run_parameters`, [][]string{{"as_of_date"}, {"2024-03-31"}}},
		{`SELECT person_id AS person, rule, value, new_value FROM ops.data_fixes ORDER BY 1`, [][]string{
			{"person", "rule", "value", "new_value"},
			{"K03", "end_after_as_at", "2024-04-15", ""},
		}},
		{`SELECT person_id AS person, plan_by_review_2 FROM marts.permanence_tracker ORDER BY entered_care_date`, [][]string{
			{"person", "plan_by_review_2"}, {"K01", "not assessable"}, {"K02", "no"}, {"K03", "not yet due"},
		}},
		{`SELECT person_id AS person FROM core.looked_after_year_ends ORDER BY period_start`, [][]string{
			{"person"}, {"K01"}, {"K02"}, {"K03"},
		}},
		{`SELECT person_id AS person, period_start, start_known FROM core.periods_of_care ORDER BY period_start`, [][]string{
			{"person", "period_start", "start_known"},
			{"K01", "2020-01-10", "false"},
			{"K02", "2023-04-01", "true"},
			{"K03", "2023-06-01", "true"},
		}},
		{`SELECT person_id AS person, sequence_number, due_date, held_date, assessable, on_time, reporting_year
			FROM marts.lac_review_timeliness ORDER BY held_date`, [][]string{
			{"person", "sequence_number", "due_date", "held_date", "assessable", "on_time", "reporting_year"},
			{"K02", "1", "2023-05-03", "2023-05-02", "true", "true", "2023-24"},
			{"K01", "", "", "2023-06-15", "false", "", "2023-24"},
			{"K01", "", "2023-12-15", "2023-12-10", "true", "true", "2023-24"},
		}},
	} {
		if diff := cmp.Diff(c.want, queryCSV(t, db, ids, c.query)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.query, diff)
		}
	}
}
