package tracker

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"

	"carewh/canonical"
	"carewh/pipelines/warehouse"
	"carewh/publish/internal/testwarehouse"
	"carewh/transforms"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testwarehouse.Cleanup()
	os.Exit(code)
}

const goldenDir = "../../testdata/golden/permanence_tracker"

// trackerDB opens the warehouse built from the permanence tracker golden
// case as at 30/06/2024.
func trackerDB(t *testing.T) *sql.DB {
	t.Helper()
	cfg := testwarehouse.Build(t, goldenDir+"/source", "2024-06-30", "")
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func pseudonym(t *testing.T, kind canonical.Identifier, id string) string {
	t.Helper()
	p, err := transforms.NewPseudonymiser([]byte(testwarehouse.Key))
	if err != nil {
		t.Fatal(err)
	}
	return p.Pseudonym(kind, id)
}

// expected is the golden case's hand-worked tracker (expected/
// permanence_tracker.csv, working in its README), as the feed shows it:
// children by their source ids, in the feed's order (red, amber, green;
// then team, no team last; then longest in care first), under the feed's
// headers, values as a person reads them in the workbook.
func expected(t *testing.T) (header []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(goldenDir + "/expected/permanence_tracker.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The README's entry dates, which the expected file does not repeat.
	entered := map[string]string{"T01": "03/07/2023", "T02": "04/09/2023", "T03": "01/03/2023", "T04": "01/05/2024", "T05": "01/06/2023", "T08": "06/11/2023", "T09": "01/06/2023"}
	ukDate := func(iso string) string {
		if iso == "" {
			return ""
		}
		d, _ := time.Parse(time.DateOnly, iso)
		return d.Format("02/01/2006")
	}
	capital := func(s string) string {
		if s == "" {
			return s
		}
		return strings.ToUpper(s[:1]) + s[1:]
	}
	yesNo := map[string]string{"true": "Yes", "false": "No"}
	header = []string{"Child (pseudonym)", "Team", "Entered care", "Days in care", "Age", "Legal status", "Placement type",
		"Placements in last 12 months", "Permanence plan", "Parallel planning", "Plan by review 2", "Life story work",
		"Stability meeting since move", "Previously returned home", "Next review due", "RAG", "Reason"}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, r := range recs[1:] {
		get := func(name string) string { return r[col[name]] }
		rows = append(rows, []string{get("person"), get("team"), entered[get("person")], get("days_in_care"), get("age"),
			get("legal_status"), get("placement_type"), get("placements_last_12_months"),
			strings.ReplaceAll(get("plan"), "+", ", "), yesNo[get("parallel_planning")], capital(get("plan_by_review_2")),
			capital(get("life_story_work")), capital(get("stability_meeting_since_move")), ukDate(get("previous_return_home_date")),
			ukDate(get("next_review_due")), capital(get("rag")), get("rag_reason")})
	}
	order := []string{"T02", "T03", "T05", "T01", "T08", "T09", "T04"}
	slices.SortFunc(rows, func(a, b []string) int { return slices.Index(order, a[0]) - slices.Index(order, b[0]) })
	return header, rows
}

// sheetRows reads a sheet with excelize, keeping the expected file's
// columns and turning child pseudonyms back into source ids.
func sheetRows(t *testing.T, f *excelize.File, sheet string, header []string) [][]string {
	t.Helper()
	all, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var headers []string
	for _, c := range Columns {
		headers = append(headers, c.Header)
	}
	if !slices.Equal(all[0], headers) {
		t.Errorf("sheet %s header = %q, want %q", sheet, all[0], headers)
	}
	ids := map[string]string{}
	for _, id := range []string{"T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09"} {
		ids[pseudonym(t, canonical.PersonID, id)] = id
	}
	var out [][]string
	for _, r := range all[1:] {
		r = append(r, make([]string, len(headers)-len(r))...) // GetRows trims empty trailing cells
		var rec []string
		for _, h := range header {
			v := r[slices.Index(headers, h)]
			if h == "Child (pseudonym)" {
				v = ids[v]
			}
			rec = append(rec, v)
		}
		out = append(out, rec)
	}
	return out
}

// TestXLSXCellByCell writes the workbook with a sheet per team and reads
// it back with excelize: every value against the hand-worked tracker,
// dates as dates, RAG cells filled, header frozen, filters on.
func TestXLSXCellByCell(t *testing.T) {
	db := trackerDB(t)
	path := filepath.Join(t.TempDir(), "tracker.xlsx")
	tab, err := WriteFile(context.Background(), db, path, Options{Format: "xlsx", SheetPerTeam: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 7 {
		t.Errorf("%d children, want 7 (T06 left care, T07 is on short breaks)", len(tab.Rows))
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"All children", "East", "North", "No team recorded", "About"}; !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	header, want := expected(t)
	got := sheetRows(t, f, "All children", header)
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		for j, h := range header {
			if got[i][j] != want[i][j] {
				t.Errorf("row %d (%s) %q = %q, want %q", i+2, want[i][0], h, got[i][j], want[i][j])
			}
		}
	}

	// Per-team sheets hold their team's children, in the same order.
	for sheet, children := range map[string][]string{"East": {"T02"}, "North": {"T01"}, "No team recorded": {"T03", "T05", "T08", "T09", "T04"}} {
		var ids []string
		for _, r := range sheetRows(t, f, sheet, header) {
			ids = append(ids, r[0])
		}
		if !slices.Equal(ids, children) {
			t.Errorf("sheet %s holds %q, want %q", sheet, ids, children)
		}
	}

	for _, sheet := range []string{"All children", "East", "No team recorded"} {
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 1 {
			t.Errorf("sheet %s: panes %+v, %v; want the header row and child column frozen", sheet, panes, err)
		}
	}
	names := f.GetDefinedName()
	filters := 0
	for _, n := range names {
		if n.Name == "_xlnm._FilterDatabase" {
			filters++
		}
	}
	if filters != 4 {
		t.Errorf("%d sheets with filters, want 4 (every sheet of children): %+v", filters, names)
	}

	// RAG cells are filled; dates are dates (a serial number shown as
	// dd/mm/yyyy), counts are numbers.
	ragCol := slices.IndexFunc(Columns, func(c Column) bool { return c.Header == "RAG" }) + 1
	enteredCol := slices.IndexFunc(Columns, func(c Column) bool { return c.Header == "Entered care" }) + 1
	daysCol := slices.IndexFunc(Columns, func(c Column) bool { return c.Header == "Days in care" }) + 1
	for r := 2; r <= 8; r++ {
		cell, _ := excelize.CoordinatesToCellName(ragCol, r)
		value, _ := f.GetCellValue("All children", cell)
		id, _ := f.GetCellStyle("All children", cell)
		style, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		// Excel's own "Bad", "Neutral" and "Good" cell styles, written out
		// here rather than taken from the code under test.
		want := map[string][2]string{"Red": {"FFC7CE", "9C0006"}, "Amber": {"FFEB9C", "9C5700"}, "Green": {"C6EFCE", "006100"}}[value]
		if want[0] == "" || len(style.Fill.Color) == 0 || style.Fill.Color[0] != want[0] || style.Font == nil || style.Font.Color != want[1] {
			t.Errorf("%s (%s) fill %v, font %+v; want fill %s, font %s", cell, value, style.Fill.Color, style.Font, want[0], want[1])
		}
		for _, c := range []int{enteredCol, daysCol} {
			cell, _ := excelize.CoordinatesToCellName(c, r)
			raw, _ := f.GetCellValue("All children", cell, excelize.Options{RawCellValue: true})
			if _, err := strconv.Atoi(raw); err != nil {
				t.Errorf("%s holds %q, not a number", cell, raw)
			}
		}
	}
	about, _ := f.GetRows("About")
	if len(about) < len(Columns) || !strings.Contains(about[1][0], "7 (red 3, amber 2, green 2)") {
		t.Errorf("About sheet: %q", about)
	}
	// The About sheet words every rule the model applies, as the model
	// names it (marts.permanence_tracker_rules), with the run's thresholds.
	rules, err := db.Query(`SELECT rag, rule FROM marts.permanence_tracker_rules`)
	if err != nil {
		t.Fatal(err)
	}
	defer rules.Close()
	var aboutText strings.Builder
	for _, row := range about {
		aboutText.WriteString(strings.Join(row, " ") + "\n")
	}
	n := 0
	for rules.Next() {
		var rag, rule string
		if err := rules.Scan(&rag, &rule); err != nil {
			t.Fatal(err)
		}
		n++
		if want := strings.ToUpper(rag[:1]) + rag[1:] + ": " + rule; !strings.Contains(aboutText.String(), want) {
			t.Errorf("the About sheet does not say %q", want)
		}
	}
	if n < 8 || !strings.Contains(aboutText.String(), "more than 182 days old with no match") {
		t.Errorf("%d rules; want every one, with the run's thresholds:\n%s", n, aboutText.String())
	}
}

func TestFilters(t *testing.T) {
	db := trackerDB(t)
	ctx := context.Background()
	for _, c := range []struct {
		filter Filter
		want   int
	}{
		{Filter{Team: "North"}, 1},
		{Filter{IRO: pseudonym(t, canonical.StaffID, "I2")}, 1},
		{Filter{Team: "East", IRO: pseudonym(t, canonical.StaffID, "I2")}, 1},
	} {
		tab, err := Read(ctx, db, c.filter)
		if err != nil {
			t.Errorf("%+v: %v", c.filter, err)
			continue
		}
		if len(tab.Rows) != c.want {
			t.Errorf("%+v: %d rows, want %d", c.filter, len(tab.Rows), c.want)
		}
	}
	_, err := Read(ctx, db, Filter{Team: "Nrth"})
	if err == nil || !strings.Contains(err.Error(), `team "Nrth"`) || !strings.Contains(err.Error(), "East, North") {
		t.Errorf("unknown team: %v", err)
	}
	_, err = Read(ctx, db, Filter{Team: "North", IRO: pseudonym(t, canonical.StaffID, "I2")})
	if err == nil || strings.Contains(err.Error(), "teams:") {
		t.Errorf("a known team with another team's IRO should fail without listing teams: %v", err)
	}
	if _, err := Read(ctx, db, Filter{Team: "O'Brien"}); err == nil || !strings.Contains(err.Error(), "O'Brien") {
		t.Errorf("a quote in a filter: %v", err)
	}
}

func TestCSV(t *testing.T) {
	db := trackerDB(t)
	var b bytes.Buffer
	if _, err := Write(context.Background(), db, &b, Options{Format: "csv", Filter: Filter{Team: "North"}}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || len(recs[0]) != len(Columns) {
		t.Fatalf("CSV: %q", recs)
	}
	row := map[string]string{}
	for i, h := range recs[0] {
		row[h] = recs[1][i]
	}
	for h, want := range map[string]string{
		"Child (pseudonym)": pseudonym(t, canonical.PersonID, "T01"), "Team": "North", "Entered care": "2023-07-03",
		"Days in care": "363", "Permanence plan": "ADOPTION, RETURN6M", "Placement order": "2024-01-02",
		"Matched": "", "RAG": "Amber", "As at": "2024-06-30",
	} {
		if row[h] != want {
			t.Errorf("CSV %q = %q, want %q", h, row[h], want)
		}
	}
}

func TestParquet(t *testing.T) {
	// DuckDB writes the Parquet: its connection may write in the feed's
	// folder only.
	path := filepath.Join(t.TempDir(), "feed", "tracker.parquet")
	cfg := testwarehouse.Build(t, goldenDir+"/source", "2024-06-30", "")
	db, err := warehouse.OpenWriting(cfg, filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := WriteFile(context.Background(), db, path, Options{Format: "parquet"}); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteFile(context.Background(), trackerDB(t), path, Options{Format: "parquet"}); err == nil {
		t.Error("a reader's connection wrote Parquet")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range pf.Schema().Fields() {
		names = append(names, c.Name())
	}
	var headers []string
	for _, c := range Columns {
		headers = append(headers, c.Header)
	}
	if !slices.Equal(names, headers) {
		t.Errorf("Parquet columns %q, want %q", names, headers)
	}
	r := parquet.NewReader(pf)
	defer r.Close()
	var rows []map[string]any
	for {
		m := map[string]any{}
		if err := r.Read(&m); err != nil {
			break
		}
		rows = append(rows, m)
	}
	if len(rows) != 7 {
		t.Fatalf("%d rows, want 7", len(rows))
	}
	if got := rows[0]["Child (pseudonym)"]; got != pseudonym(t, canonical.PersonID, "T02") {
		t.Errorf("first row is %v, want T02 (red, East)", got)
	}
	if got := rows[0]["Days in care"]; got != int64(300) {
		t.Errorf("T02 days in care = %#v, want int64 300", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the feed's folder holds %d files, want only the feed (no temporary file left)", len(entries))
	}
}

func TestOptionsCheck(t *testing.T) {
	if err := (Options{Format: "pdf"}).Check(); err == nil {
		t.Error("format pdf accepted")
	}
	if err := (Options{Format: "csv", SheetPerTeam: true}).Check(); err == nil {
		t.Error("a sheet per team in CSV accepted")
	}
	used := map[string]bool{"all children": true}
	for _, c := range []struct{ team, want string }{
		{"", "No team recorded"}, {"North/West: [A]", "North-West- -A-"}, {"north-west- -a-", "north-west- -a- (2)"},
		{strings.Repeat("x", 40), strings.Repeat("x", 31)}, {strings.Repeat("x", 40), strings.Repeat("x", 27) + " (2)"},
	} {
		if got := sheetName(c.team, used); got != c.want {
			t.Errorf("sheetName(%q) = %q, want %q", c.team, got, c.want)
		}
	}
}
