package ssda903

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"carewh/canonical"
	"carewh/pipelines/extract"
)

// ref is a child's part of the ids the source makes from CHILD
// (canonical.ChildScoped): the source never pseudonymises; the transforms
// replace it with the child's pseudonym.
func ref(_ *testing.T, child string) string { return canonical.ChildScoped(child) }

// recordKey is an id the source made, as a rejection it makes carries it:
// as made (the transforms' stage pseudonymises it, in domain, for the lake).
func recordKey(_ *testing.T, _ canonical.Identifier, id string) string { return id }

type quarantine struct {
	mu  sync.Mutex
	got []canonical.Rejection
}

func (q *quarantine) Reject(r canonical.Rejection) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.got = append(q.got, r)
	return nil
}

// row is one raw row as read: its file, line and non-null values.
type readRow struct {
	Origin string
	Line   int64
	Vals   map[string]string
}

// result is everything reading one table gave.
type result struct {
	rows       []readRow
	batches    []string // each batch's origin and size
	rejected   []canonical.Rejection
	origin     string // Origin after the last batch
	sourceCols map[string]string
	log        string
}

// readTable opens a source on dir and reads every batch of a table, with a
// checked allocator.
func readTable(t *testing.T, dir, tableName string, batchRows int) (result, error) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	table, err := canonical.Lookup(tableName)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	src, err := New(mem, Options{Dir: dir, BatchRows: batchRows,
		Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		return result{}, err
	}
	defer src.Close()
	q := &quarantine{}
	reader, err := src.Open(context.Background(), table, q)
	if err != nil {
		return result{rejected: q.got, log: logs.String()}, err
	}
	defer reader.Release()
	res := result{sourceCols: reader.SourceColumns()}
	for reader.Next() {
		b := reader.RecordBatch()
		res.batches = append(res.batches, fmt.Sprintf("%s:%d", reader.Origin(), b.NumRows()))
		lines := b.Column(len(table.Columns)).(*array.Int64)
		for i := 0; i < int(b.NumRows()); i++ {
			r := readRow{Origin: reader.Origin(), Line: lines.Value(i), Vals: map[string]string{}}
			for j, c := range table.Columns {
				col := b.Column(j).(*array.String)
				if !col.IsNull(i) {
					r.Vals[c.Name] = col.Value(i)
				}
			}
			res.rows = append(res.rows, r)
		}
	}
	if err := reader.Err(); err != nil {
		return res, err
	}
	res.origin, res.rejected, res.log = reader.Origin(), q.got, logs.String()
	return res, nil
}

func mustRead(t *testing.T, dir, table string) result {
	t.Helper()
	res, err := readTable(t, dir, table, 1000)
	if err != nil {
		t.Fatalf("reading %s: %v", table, err)
	}
	return res
}

// writeTree writes files (path → body) under a fresh folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func diff(t *testing.T, what string, got, want any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

// pick returns, for each row, the named values joined by "|".
func pick(rows []readRow, cols ...string) []string {
	var out []string
	for _, r := range rows {
		vals := make([]string, len(cols))
		for i, c := range cols {
			switch c {
			case "@origin":
				vals[i] = r.Origin
			case "@line":
				vals[i] = fmt.Sprint(r.Line)
			default:
				vals[i] = r.Vals[c]
			}
		}
		out = append(out, strings.Join(vals, "|"))
	}
	return out
}

const twoYears = "testdata/two_years"

// TestPersonLatestReturnWins: each child's Header row comes from the
// latest return that has the child; SEX 1/2 becomes M/F; an impossible
// date is passed on as read.
func TestPersonLatestReturnWins(t *testing.T) {
	res := mustRead(t, twoYears, "person")
	diff(t, "person rows", pick(res.rows, "@origin", "@line", "person_id", "sex", "dob", "ethnicity", "upn"), []string{
		"2024/header.csv|2|C01|M|15/03/2010|WBRI|A123456789012",
		"2024/header.csv|3|C02|F|02/02/2015|WBRI|",
		"2024/header.csv|4|C04|M|05/05/2013|WBRI|",
		"2024/header.csv|5|C06|F|11/11/2011|WBRI|",
		"2024/header.csv|6|C07|M|01/01/2012|BAFR|",
		"2024/header.csv|7|C08|F|10/06/2020|WBRI|",
		"2022-23/Header.csv|3|C03|F|31/02/2019|WBRI|",
		"2022-23/Header.csv|4|C05|M|20/08/2016|MWBC|",
	})
	diff(t, "batches", res.batches, []string{"2024/header.csv:6", "2022-23/Header.csv:2"})
	diff(t, "origin after the last batch", res.origin, "2024/header.csv, 2022-23/Header.csv")
	diff(t, "upn source", res.sourceCols["upn"], "UPN")
	if len(res.rejected) != 0 {
		t.Errorf("rejected %v", res.rejected)
	}
}

// TestEpisodesMerged: the later return's row of an episode wins (C01's
// provider corrected to PR2, its end date added); periods of care and
// placements are derived; junk values, impossible dates and a duplicate
// in one return are passed on; an episode whose start date the later
// return corrected is superseded.
func TestEpisodesMerged(t *testing.T) {
	res := mustRead(t, twoYears, "cla_episodes")
	r := func(child string) string { return ref(t, child) }
	cols := []string{"@origin", "@line", "episode_id", "person_id", "cla_id", "entered_care_date", "episode_start_date",
		"start_reason", "legal_status", "placement_type", "placement_provider", "episode_end_date", "end_reason",
		"place_change_reason", "placement_id"}
	want := []string{
		"2024/SSDA903_Episodes_2024.csv|2|" + r("C01") + "/2022-06-01|C01|" + r("C01") + "/2022-06-01|2022-06-01|01/06/2022|S|C2|U4|PR2|15/09/2023|X1||" + r("C01") + "/2022-06-01",
		"2024/SSDA903_Episodes_2024.csv|3|" + r("C01") + "/2023-09-15|C01|" + r("C01") + "/2022-06-01|2022-06-01|15/09/2023|P|C2|U6|PR1|||CARPL|" + r("C01") + "/2023-09-15",
		"2024/SSDA903_Episodes_2024.csv|4|" + r("C02") + "/2023-04-03|C02|" + r("C02") + "/2023-04-03|2023-04-03|03/04/2023|S|V2|U1|PR1||||" + r("C02") + "/2023-04-03",
		"2024/SSDA903_Episodes_2024.csv|5|" + r("C04") + "/2023-05-01|C04|" + r("C04") + "/2023-05-01|2023-05-01|01/05/2023|S|C2|*DUMMY*|PR1||||" + r("C04") + "/2023-05-01",
		"2024/SSDA903_Episodes_2024.csv|6|" + r("C06") + "/2023-01-12|C06|" + r("C06") + "/2023-01-12|2023-01-12|12/01/2023|S|C2|U4|PR1||||" + r("C06") + "/2023-01-12",
		"2024/SSDA903_Episodes_2024.csv|7|" + r("C07") + "/2022-11-01|C07|" + r("C07") + "/2022-11-01|2022-11-01|01/11/2022|S|C1|U4|PR1||||" + r("C07") + "/2022-11-01",
		"2024/SSDA903_Episodes_2024.csv|8|" + r("C08") + "/2023-03-01|C08|" + r("C08") + "/2022-07-04|2022-07-04|01/03/2023|P|E1|A3|PR1|15/01/2024|E12||" + r("C08") + "/2023-03-01",
		// C01's, C07's and C08's open episodes of 2022-23 are in the later return; C06's 10/01/2023 is superseded.
		"2022-23/Episodes.csv|3|" + r("C03") + "/31/02/2019|C03|||31/02/2019|S|C2|U4|PR1||||",
		"2022-23/Episodes.csv|4|" + r("C05") + "/2023-02-01|C05|" + r("C05") + "/2023-02-01|2023-02-01|01/02/2023|S|C1|U4|PR1|20/02/2023|E4A||" + r("C05") + "/2023-02-01",
		"2022-23/Episodes.csv|5|" + r("C05") + "/2023-02-01|C05|||01/02/2023|S|C1|U5|PR1|20/02/2023|E4A||",
		"2022-23/Episodes.csv|7|" + r("C07") + "/2022-05-03|C07|" + r("C07") + "/2022-05-03|2022-05-03|03/05/2022|S|V2|U4|PR1|20/05/2022|E4A||" + r("C07") + "/2022-05-03",
		"2022-23/Episodes.csv|9|" + r("C08") + "/2022-07-04|C08|" + r("C08") + "/2022-07-04|2022-07-04|04/07/2022|S|C2|U4|PR1|01/12/2022|X1||" + r("C08") + "/2022-07-04",
		"2022-23/Episodes.csv|10|" + r("C08") + "/2022-12-01|C08|" + r("C08") + "/2022-07-04|2022-07-04|01/12/2022|L|E1|U4|PR1|01/03/2023|X1||" + r("C08") + "/2022-07-04",
	}
	diff(t, "episodes", pick(res.rows, cols...), want)
	if len(res.rejected) != 1 {
		t.Fatalf("want one rejection (C06 superseded), got %v", res.rejected)
	}
	rej := res.rejected[0]
	diff(t, "superseded", []any{rej.Rule, rej.Source, rej.Line, rej.Column, rej.Value, rej.Key},
		[]any{RuleSuperseded, "2022-23/Episodes.csv", int64(6), "episode_start_date", "10/01/2023", recordKey(t, "episode", r("C06")+"/2023-01-10")})
	for _, want := range []string{"2022-23/Episodes.csv line 6", "2023-24 return"} {
		if !strings.Contains(rej.Message, want) {
			t.Errorf("message %q lacks %q", rej.Message, want)
		}
	}
	if strings.Contains(rej.Message, "C06") {
		t.Errorf("message names the child in clear: %q", rej.Message)
	}
	diff(t, "source columns", res.sourceCols["episode_start_date"], "DECOM")
}

// TestPlacements: a placement starts with an episode that starts a period
// or whose RNE is not L, and ends with its last episode.
func TestPlacements(t *testing.T) {
	res := mustRead(t, twoYears, "cla_placements")
	var got []string
	for _, line := range pick(res.rows, "person_id", "start_date", "end_date", "placement_type", "provider", "change_reason", "cla_id", "@origin") {
		if strings.HasPrefix(line, "C01|") || strings.HasPrefix(line, "C08|") {
			got = append(got, line)
		}
	}
	r := func(child string) string { return ref(t, child) }
	diff(t, "C01's and C08's placements", got, []string{
		"C01|01/06/2022|15/09/2023|U4|PR2||" + r("C01") + "/2022-06-01|2024/SSDA903_Episodes_2024.csv",
		"C01|15/09/2023||U6|PR1|CARPL|" + r("C01") + "/2022-06-01|2024/SSDA903_Episodes_2024.csv",
		"C08|01/03/2023|15/01/2024|A3|PR1||" + r("C08") + "/2022-07-04|2024/SSDA903_Episodes_2024.csv",
		"C08|04/07/2022|01/03/2023|U4|PR1||" + r("C08") + "/2022-07-04|2022-23/Episodes.csv",
	})
	if n := len(res.rows); n != 10 {
		t.Errorf("%d placements, want 10 (one per dated, non-duplicate episode but C08's L episode)", n)
	}
}

// TestReviewsMerged: a review sent in two returns is taken from the later
// (C01's 30/03/2023, participation corrected to PN2); each review points at
// the episode containing it, or the latest before it when outside care.
func TestReviewsMerged(t *testing.T) {
	res := mustRead(t, twoYears, "cla_reviews")
	r := func(child string) string { return ref(t, child) }
	diff(t, "reviews", pick(res.rows, "@origin", "@line", "review_id", "episode_id", "cla_id", "review_date", "participation", "person_id"), []string{
		"2024/reviews.csv|2|" + r("C01") + "/2023-03-30|" + r("C01") + "/2022-06-01|" + r("C01") + "/2022-06-01|30/03/2023|PN2|",
		"2024/reviews.csv|3|" + r("C01") + "/2023-10-02|" + r("C01") + "/2023-09-15|" + r("C01") + "/2022-06-01|02/10/2023|PN3|",
		"2024/reviews.csv|4|" + r("C02") + "/2023-05-05|" + r("C02") + "/2023-04-03|" + r("C02") + "/2023-04-03|05/05/2023|PN1|",
		"2024/reviews.csv|5|" + r("C02") + "/2023-08-01|" + r("C02") + "/2023-04-03|" + r("C02") + "/2023-04-03|01/08/2023|PN2|",
		"2024/reviews.csv|6|" + r("C04") + "/2023-05-20|" + r("C04") + "/2023-05-01|" + r("C04") + "/2023-05-01|20/05/2023|PN1|",
		"2022-23/Reviews.csv|2|" + r("C01") + "/2022-06-28|" + r("C01") + "/2022-06-01|" + r("C01") + "/2022-06-01|28/06/2022|PN1|",
		"2022-23/Reviews.csv|3|" + r("C01") + "/2022-10-05|" + r("C01") + "/2022-06-01|" + r("C01") + "/2022-06-01|05/10/2022|PN1|",
		"2022-23/Reviews.csv|5|" + r("C06") + "/2023-02-09|" + r("C06") + "/2023-01-12|" + r("C06") + "/2023-01-12|09/02/2023|PN1|",
		// outside care: the latest episode that started before it
		"2022-23/Reviews.csv|6|" + r("C07") + "/2022-05-25|" + r("C07") + "/2022-05-03|" + r("C07") + "/2022-05-03|25/05/2022|PN1|",
		"2022-23/Reviews.csv|7|" + r("C07") + "/2022-11-29|" + r("C07") + "/2022-11-01|" + r("C07") + "/2022-11-01|29/11/2022|PN1|",
		"2022-23/Reviews.csv|8|" + r("C08") + "/2022-08-01|" + r("C08") + "/2022-07-04|" + r("C08") + "/2022-07-04|01/08/2022|PN0|",
	})
}

// TestHealthFromOC2: HEALTH_ASSESSMENT and TEETH_CHECK 1 are completed
// checks dated 31 March of the collection year; 0 gives no row; junk is
// passed on.
func TestHealthFromOC2(t *testing.T) {
	res := mustRead(t, twoYears, "cla_health")
	r := func(child string) string { return ref(t, child) }
	diff(t, "health", pick(res.rows, "@origin", "@line", "health_check_id", "person_id", "check_type", "check_date", "status"), []string{
		"2024/oc2.csv|2|" + r("C01") + "/2024-03-31/review_health_assessment|C01|review_health_assessment|2024-03-31|completed",
		"2024/oc2.csv|2|" + r("C01") + "/2024-03-31/dental|C01|dental|2024-03-31|completed",
		"2024/oc2.csv|3|" + r("C06") + "/2024-03-31/dental|C06|dental|2024-03-31|completed",
		"2024/oc2.csv|4|" + r("C07") + "/2024-03-31/review_health_assessment|C07|review_health_assessment|2024-03-31|completed",
		"2024/oc2.csv|4|" + r("C07") + "/2024-03-31/dental|C07|dental|2024-03-31|*DUMMY*",
	})
	if !strings.Contains(res.log, "OC2") || !strings.Contains(res.log, "2022-23") {
		t.Errorf("the missing 2022-23 OC2 file is not logged: %s", res.log)
	}
}

// TestPermanence: AD1 and PlacedAdoption rows of one decision make one
// row; the resubmitted PlacedAdoption row is merged; order, placement and
// carer dates come from the episodes of the period of care.
func TestPermanence(t *testing.T) {
	res := mustRead(t, twoYears, "permanence")
	if len(res.rows) != 1 {
		t.Fatalf("want one permanence row, got %v", res.rows)
	}
	got := res.rows[0]
	diff(t, "where from", []any{got.Origin, got.Line}, []any{"2024/AD1.csv", int64(2)})
	r := ref(t, "C08")
	diff(t, "permanence", got.Vals, map[string]string{
		"permanence_id":            r + "/2022-10-10",
		"person_id":                "C08",
		"cla_id":                   r + "/2022-07-04",
		"adm_decision_date":        "10/10/2022",
		"placement_order_date":     "2022-12-01",
		"matched_date":             "15/02/2023",
		"placed_for_adoption_date": "2023-03-01",
		"placed_foster_carer_date": "2022-07-04",
		"adopted_by_carer":         "1",
		"decision_reversed_date":   "",
		"decision_reversed_reason": "",
		"permanence_order_date":    "2024-01-15",
		"permanence_order_type":    "adoption",
	})
}

// TestNotProvided: tables the 903 does not carry wrap ErrNotProvided.
func TestNotProvided(t *testing.T) {
	for _, name := range []string{"legal_status", "cla_care_plans", "cla_pep", "cla_visits", "s47_enquiries", "cp_conferences",
		"cp_plans", "cp_reviews", "professionals", "involvements", "iro_challenges", "iro_midpoint_checks", "case_audits",
		"life_story_work", "stability_meetings"} {
		if _, err := readTable(t, twoYears, name, 10); !errors.Is(err, extract.ErrNotProvided) {
			t.Errorf("%s: want ErrNotProvided, got %v", name, err)
		}
	}
	// A file no year has: its table is not provided either.
	dir := writeTree(t, map[string]string{"2024/Header.csv": header + "C01,1,01/01/2010,WBRI,,,\n"})
	if _, err := readTable(t, dir, "cla_health", 10); !errors.Is(err, extract.ErrNotProvided) {
		t.Errorf("cla_health with no OC2 file: want ErrNotProvided, got %v", err)
	}
	if _, err := readTable(t, dir, "permanence", 10); !errors.Is(err, extract.ErrNotProvided) {
		t.Errorf("permanence with no AD1 or PlacedAdoption file: want ErrNotProvided, got %v", err)
	}
}

// TestBatchesNeverMixFiles: batches hold at most batch_rows rows, all from
// one file.
func TestBatchesNeverMixFiles(t *testing.T) {
	res, err := readTable(t, twoYears, "cla_episodes", 4)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "batches", res.batches, []string{
		"2024/SSDA903_Episodes_2024.csv:4", "2024/SSDA903_Episodes_2024.csv:3",
		"2022-23/Episodes.csv:4", "2022-23/Episodes.csv:2",
	})
}

const (
	header   = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
	episodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
	reviews  = "CHILD,DOB,REVIEW,REVIEW_CODE\n"
)

// TestBOMAndCRLF: Excel's byte-order mark and CRLF line ends are read.
func TestBOMAndCRLF(t *testing.T) {
	body := "\ufeff" + strings.ReplaceAll(header+"C01,1,01/01/2010,WBRI,,,\nC02,2,02/02/2012,WBRI,,,\n", "\n", "\r\n")
	dir := writeTree(t, map[string]string{"2023-24/Header.csv": body})
	res := mustRead(t, dir, "person")
	diff(t, "rows", pick(res.rows, "@origin", "@line", "person_id", "sex", "dob", "upn"), []string{
		"2023-24/Header.csv|2|C01|M|01/01/2010|", "2023-24/Header.csv|3|C02|F|02/02/2012|",
	})
}

// TestSemicolons: a semicolon-delimited file (Excel in some locales) is
// read as such, and the choice is logged.
func TestSemicolons(t *testing.T) {
	body := strings.ReplaceAll(header+"C01,1,01/01/2010,WBRI,,,\n", ",", ";")
	dir := writeTree(t, map[string]string{"2023-24/Header.csv": body})
	res := mustRead(t, dir, "person")
	diff(t, "rows", pick(res.rows, "person_id", "sex", "dob", "ethnicity"), []string{"C01|M|01/01/2010|WBRI"})
	if !strings.Contains(res.log, "semicolon") || !strings.Contains(res.log, "2023-24/Header.csv") {
		t.Errorf("semicolons not logged: %s", res.log)
	}
}

// TestTruncatedFile: a last line cut mid-record, short or inside quotes,
// goes to the quarantine naming the file, line and column; every good row
// is read.
func TestTruncatedFile(t *testing.T) {
	for _, tc := range []struct {
		name, last string
		line       int64
		message    []string
	}{
		{"short", "C01,01/01/2010,02/1", 4, []string{"2023-24/Reviews.csv line 4: has 3 fields, the header has 4", "columns from REVIEW_CODE on are missing"}},
		{"in quotes", `C01,01/01/2010,"02/1`, 4, []string{"2023-24/Reviews.csv line 4, column ", `extraneous or missing " in quoted-field`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{
				"2023-24/Header.csv":   header + "C01,1,01/01/2010,WBRI,,,\n",
				"2023-24/Episodes.csv": episodes + "C01,01/04/2023,S,C2,N1,U4,PR1,,,,,,\n",
				"2023-24/Reviews.csv":  reviews + "C01,01/01/2010,20/04/2023,PN1\nC01,01/01/2010,01/07/2023,PN1\n" + tc.last,
			})
			res := mustRead(t, dir, "cla_reviews")
			diff(t, "good rows", pick(res.rows, "@line", "review_date"), []string{"2|20/04/2023", "3|01/07/2023"})
			if len(res.rejected) != 1 {
				t.Fatalf("want one rejection, got %v", res.rejected)
			}
			rej := res.rejected[0]
			diff(t, "rejection", []any{rej.Table, rej.Source, rej.Line, rej.Rule}, []any{"cla_reviews", "2023-24/Reviews.csv", tc.line, RuleMalformedRow})
			for _, m := range tc.message {
				if !strings.Contains(rej.Message, m) {
					t.Errorf("message %q lacks %q", rej.Message, m)
				}
			}
		})
	}
}

// TestUnbalancedQuote: a quote left open in the middle of a file costs
// that record only; reading resumes at the next line that reads as a
// record, in a semicolon-delimited file too.
func TestUnbalancedQuote(t *testing.T) {
	for _, sep := range []string{",", ";"} {
		t.Run(sep, func(t *testing.T) {
			var b strings.Builder
			b.WriteString(strings.ReplaceAll(reviews, ",", sep))
			for line := 2; line <= 50; line++ {
				switch {
				case line == 20:
					fmt.Fprintf(&b, "C01%s01/01/2010%s\"01/05/2023%sPN1\n", sep, sep, sep)
				case line%9 == 0:
					fmt.Fprintf(&b, "C%02d%s01/01/2010%s\"10/05/2023\"%sPN1\n", line, sep, sep, sep)
				default:
					fmt.Fprintf(&b, "C%02d%s01/01/2010%s10/05/2023%sPN1\n", line, sep, sep, sep)
				}
			}
			dir := writeTree(t, map[string]string{
				"2023-24/Header.csv":   header + "C01,1,01/01/2010,WBRI,,,\n",
				"2023-24/Episodes.csv": episodes + "C01,01/04/2023,S,C2,N1,U4,PR1,,,,,,\n",
				"2023-24/Reviews.csv":  b.String(),
			})
			res := mustRead(t, dir, "cla_reviews")
			var lines []string
			for line := 2; line <= 50; line++ {
				if line != 20 {
					lines = append(lines, fmt.Sprint(line))
				}
			}
			diff(t, "good rows", pick(res.rows, "@line"), lines)
			if len(res.rejected) != 1 {
				t.Fatalf("want one rejection, got %v", res.rejected)
			}
			rej := res.rejected[0]
			diff(t, "rejection", []any{rej.Table, rej.Source, rej.Line, rej.Rule}, []any{"cla_reviews", "2023-24/Reviews.csv", int64(20), RuleMalformedRow})
			want := `2023-24/Reviews.csv line 20: a quoted field that does not end as CSV requires (line 27, column 16: extraneous or missing " in quoted-field: an unbalanced quote?); line 20 set aside, reading resumed at line 21, the next line that reads as a record of 4 fields`
			if rej.Message != want {
				t.Errorf("message\n%s\nwant\n%s", rej.Message, want)
			}
		})
	}
}

// TestExtraColumnsIgnored: columns outside the DfE layout are not read and
// are logged; the known columns carewh does not use are not.
func TestExtraColumnsIgnored(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"2023-24/Header.csv": "CHILD,SURNAME,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,NHS_NUMBER\nC01,Smith,1,01/01/2010,WBRI,,,,9990000011\n",
	})
	res := mustRead(t, dir, "person")
	diff(t, "rows", pick(res.rows, "person_id", "sex", "dob"), []string{"C01|M|01/01/2010"})
	for _, row := range res.rows {
		for col, v := range row.Vals {
			if v == "Smith" || v == "9990000011" {
				t.Errorf("column %s holds %q from an unknown column", col, v)
			}
		}
	}
	if !strings.Contains(res.log, "SURNAME, NHS_NUMBER") || strings.Contains(res.log, "MOTHER") {
		t.Errorf("unknown columns not logged as expected: %s", res.log)
	}
}

// TestOpenErrors: problems that stop a table name the file, the column or
// the folder.
func TestOpenErrors(t *testing.T) {
	good := map[string]string{
		"2023-24/Header.csv":   header + "C01,1,01/01/2010,WBRI,,,\n",
		"2023-24/Episodes.csv": episodes + "C01,01/04/2023,S,C2,N1,U4,PR1,,,,,,\n",
		"2023-24/Reviews.csv":  reviews,
	}
	with := func(changes map[string]string) map[string]string {
		files := map[string]string{}
		for k, v := range good {
			files[k] = v
		}
		for k, v := range changes {
			if v == "-" {
				delete(files, k)
			} else {
				files[k] = v
			}
		}
		return files
	}
	for _, tc := range []struct {
		name, table string
		files       map[string]string
		want        []string
	}{
		{"missing column", "cla_episodes", with(map[string]string{
			"2023-24/Episodes.csv": "CHILD,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE\n"}),
			[]string{"2023-24/Episodes.csv (the Episodes file): header lacks column(s) DECOM"}},
		{"missing column, reviews see it too", "cla_reviews", with(map[string]string{
			"2023-24/Episodes.csv": "CHILD,DECOM,RNE,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"}),
			[]string{"2023-24/Episodes.csv", "LS, REASON_PLACE_CHANGE"}},
		{"empty file", "person", with(map[string]string{"2023-24/Header.csv": ""}),
			[]string{"2023-24/Header.csv: file is empty"}},
		{"blank file", "cla_reviews", with(map[string]string{"2023-24/Reviews.csv": "\r\n"}),
			[]string{"2023-24/Reviews.csv: file is empty"}},
		{"ambiguous names", "cla_episodes", with(map[string]string{"2023-24/Episodes_old.csv": episodes}),
			[]string{"2023-24: more than one file looks like the Episodes file: Episodes.csv, Episodes_old.csv"}},
		{"no reviews file in a year", "cla_reviews", with(map[string]string{"2023-24/Reviews.csv": "-"}),
			[]string{"no Reviews file", "2023-24"}},
		{"column twice", "person", with(map[string]string{"2023-24/Header.csv": "CHILD,SEX,DOB,ETHNIC,child\n"}),
			[]string{"2023-24/Header.csv line 1: column CHILD appears twice (columns 1 and 5)"}},
		{"column twice, matched ignoring case and spaces, after a byte-order mark", "person", with(map[string]string{
			"2023-24/Header.csv": "\ufeffCHILD,SEX,DOB,ETHNIC, dob \nC01,1,01/01/2010,WBRI,01/01/1999\n"}),
			[]string{"2023-24/Header.csv line 1: column DOB appears twice (columns 3 and 5)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readTable(t, writeTree(t, tc.files), tc.table, 10)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestFolders: collection years are read from folder names; anything else
// is refused.
func TestFolders(t *testing.T) {
	for name, want := range map[string]int{"2023-24": 2024, "2023_24": 2024, "2023-2024": 2024, "2024": 2024, "1999-00": 2000} {
		if got, ok := parseCollectionName(name); !ok || got != want {
			t.Errorf("%s: got %d %v, want %d", name, got, ok, want)
		}
	}
	for _, name := range []string{"2023-25", "archive", "2023-24 old", "24"} {
		if _, ok := parseCollectionName(name); ok {
			t.Errorf("%s read as a collection year", name)
		}
	}
	for _, tc := range []struct {
		dirs []string
		want string
	}{
		{[]string{"2024", "2023-24"}, "2023-24 and 2024 are both the collection year 2023-24"},
		{[]string{"2024", "archive"}, "folder(s) archive are not collection years"},
		{nil, "has no collection-year folders"},
	} {
		files := map[string]string{"notes.txt": "x"}
		for _, d := range tc.dirs {
			files[d+"/Header.csv"] = header
		}
		_, err := New(memory.NewGoAllocator(), Options{Dir: writeTree(t, files)})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.dirs, err, tc.want)
		}
	}
}

// TestFileNames: files are matched by keyword, ignoring case and
// punctuation; SWEpisodes is not the Episodes file.
func TestFileNames(t *testing.T) {
	for name, want := range map[string]*fileSpec{
		"header.csv": headerSpec, "Header.CSV": headerSpec, "SSDA903_Episodes_2024.csv": episodesSpec,
		"episodes.csv": episodesSpec, "Reviews.csv": reviewsSpec, "903_OC2.csv": oc2Spec, "ad1.csv": ad1Spec,
		"Placed_for_adoption.csv": placedSpec, "PlacedAdoption.csv": placedSpec,
	} {
		n := normaliseName(name)
		for _, spec := range []*fileSpec{headerSpec, episodesSpec, reviewsSpec, oc2Spec, ad1Spec, placedSpec} {
			if got := spec.matches(n); got != (spec == want) {
				t.Errorf("%s: %s matches = %v", name, spec.name, got)
			}
		}
	}
	if episodesSpec.matches(normaliseName("SWEpisodes.csv")) || episodesSpec.matches(normaliseName("social_worker_episodes.csv")) {
		t.Error("a social worker episodes file is taken for Episodes")
	}
}

// TestDates: dates parse exactly as the transforms parse them.
func TestDates(t *testing.T) {
	for s, want := range map[string]string{
		"01/04/2023": "2023-04-01", " 2023-04-01 ": "2023-04-01", "01/04/2023 00:00:00": "2023-04-01",
		"2023-04-01T10:00:00Z": "2023-04-01", "29/02/2024": "2024-02-29",
	} {
		if got, ok := parseDate(s); !ok || iso(got) != want {
			t.Errorf("%q: got %v %v, want %s", s, got, ok, want)
		}
	}
	for _, s := range []string{"31/02/2019", "29/02/2023", "1/4/2023", "01-04-2023", "+1/04/2023", "01/04/2023x", "", "*DUMMY*"} {
		if _, ok := parseDate(s); ok {
			t.Errorf("%q parsed", s)
		}
	}
}

// TestReviewWithoutEpisodes: a review of a child with no episode at all
// points at a made-up episode the warehouse quarantines as unknown.
func TestReviewWithoutEpisodes(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"2023-24/Header.csv":   header,
		"2023-24/Episodes.csv": episodes + "C01,01/04/2023,S,C2,N1,U4,PR1,,,,,,\n",
		"2023-24/Reviews.csv":  reviews + "C09,01/01/2010,20/04/2023,PN1\nC01,01/01/2010,31/02/2023,PN1\n",
	})
	res := mustRead(t, dir, "cla_reviews")
	diff(t, "reviews", pick(res.rows, "review_id", "episode_id", "review_date"), []string{
		ref(t, "C09") + "/2023-04-20|" + ref(t, "C09") + "/no-episode|20/04/2023",
		ref(t, "C01") + "/31/02/2023|" + ref(t, "C01") + "/no-episode|31/02/2023",
	})
}

// TestCancelled: a cancelled context stops reading.
func TestCancelled(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	src, err := New(mem, Options{Dir: twoYears})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	table, _ := canonical.Lookup("person")
	r, err := src.Open(ctx, table, &quarantine{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	if r.Next() || !errors.Is(r.Err(), context.Canceled) {
		t.Errorf("Next after cancel: err %v", r.Err())
	}
}

// TestTablesShareEpisodes: the tables derived from Episodes read it once,
// even when opened at the same time, and rejections are not repeated.
func TestTablesShareEpisodes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	src, err := New(mem, Options{Dir: twoYears})
	if err != nil {
		t.Fatal(err)
	}
	q := &quarantine{}
	var wg sync.WaitGroup
	for _, name := range []string{"cla_episodes", "cla_placements", "cla_reviews", "permanence"} {
		wg.Go(func() {
			table, _ := canonical.Lookup(name)
			r, err := src.Open(context.Background(), table, q)
			if err != nil {
				t.Error(err)
				return
			}
			defer r.Release()
			for r.Next() {
			}
			if r.Err() != nil {
				t.Error(r.Err())
			}
		})
	}
	wg.Wait()
	rules := []string{}
	for _, r := range q.got {
		rules = append(rules, r.Rule)
	}
	slices.Sort(rules)
	diff(t, "rejections", rules, []string{RuleSuperseded})
}

// TestPlacementCodesOfBothYears: the placement codes of before and from
// 2025/26 are passed on as read; the transforms check them by year.
func TestPlacementCodesOfBothYears(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"2024-25/Episodes.csv": episodes + "C01,01/04/2024,S,C2,N1,H5,PR1,01/04/2025,X1,,,,\n",
		"2025-26/Episodes.csv": episodes + "C01,01/04/2024,S,C2,N1,H5,PR1,01/04/2025,X1,,,,\nC01,01/04/2025,P,C2,N1,Z11,PR1,,,CARPL,,,\nC02,01/05/2025,S,C2,N1,K3,PR1,,,,,,\n",
	})
	res := mustRead(t, dir, "cla_placements")
	diff(t, "placements", pick(res.rows, "person_id", "start_date", "placement_type"), []string{
		"C01|01/04/2024|H5", "C01|01/04/2025|Z11", "C02|01/05/2025|K3",
	})
}
