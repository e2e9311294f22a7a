package tracker

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// RAG fills, as Excel's own "Good", "Neutral" and "Bad" cell styles:
// familiar to anyone who uses spreadsheets, and legible in print.
var ragFills = map[string]struct{ fill, font string }{
	"Red":   {"FFC7CE", "9C0006"},
	"Amber": {"FFEB9C", "9C5700"},
	"Green": {"C6EFCE", "006100"},
}

// xlsxStyles are the workbook's cell styles.
type xlsxStyles struct {
	header, date, title, wrap, marking int
	rag                                map[string]int
}

// WriteXLSX writes the tracker as an Excel workbook: a sheet of every
// child (a header row frozen with the child column, filters on, RAG cells
// filled red, amber or green, dates as dates), then one sheet per team if
// sheetPerTeam, then an About sheet saying what each column means and how
// the RAG rating is decided.
func WriteXLSX(w io.Writer, t *Table, sheetPerTeam bool) error {
	t = t.withColumns()
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	first := "All children"
	if t.Filter.Team != "" || t.Filter.IRO != "" {
		first = "Children"
	}
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return err
	}
	if err := writeSheet(f, st, t, first, t.Rows); err != nil {
		return err
	}
	if sheetPerTeam {
		used := map[string]bool{strings.ToLower(first): true, "about": true}
		for _, team := range t.Teams() {
			name := sheetName(team, used)
			if _, err := f.NewSheet(name); err != nil {
				return fmt.Errorf("adding sheet %q: %w", name, err)
			}
			if err := writeSheet(f, st, t, name, t.team(team)); err != nil {
				return err
			}
		}
	}
	if err := writeAbout(f, st, t); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: "Permanence tracker as at " + t.AsAt.Format("02/01/2006"), Creator: "carewh",
		Created: t.AsAt.Format(time.RFC3339),
	}); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("writing the tracker workbook: %w", err)
	}
	return nil
}

func newStyles(f *excelize.File) (*xlsxStyles, error) {
	st := &xlsxStyles{rag: map[string]int{}}
	var err error
	add := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	ukDate := "dd/mm/yyyy"
	st.header = add(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"},
		Border:    []excelize.Border{{Type: "bottom", Color: "1F2933", Style: 2}},
	})
	st.date = add(&excelize.Style{CustomNumFmt: &ukDate})
	st.title = add(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	st.marking = add(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: "9C0006"}})
	st.wrap = add(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	for name, c := range ragFills {
		st.rag[name] = add(&excelize.Style{
			Font: &excelize.Font{Bold: true, Color: c.font},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.fill}},
		})
	}
	if err != nil {
		return nil, fmt.Errorf("making the workbook's styles: %w", err)
	}
	return st, nil
}

// writeSheet writes a header row and rows of t.
func writeSheet(f *excelize.File, st *xlsxStyles, t *Table, sheet string, rows [][]any) error {
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Header
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, c.width); err != nil {
			return err
		}
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(t.Columns))
	if err := f.SetCellStyle(sheet, "A1", last+"1", st.header); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, 45); err != nil {
		return err
	}
	rag := index(t.Columns, "rag")
	for r, row := range rows {
		for i, v := range row {
			if v == nil {
				continue // a blank cell, which filters list as (Blanks)
			}
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return fmt.Errorf("writing sheet %s cell %s: %w", sheet, cell, err)
			}
		}
		if id, ok := st.rag[fmt.Sprint(row[rag])]; ok {
			c, _ := excelize.CoordinatesToCellName(rag+1, r+2)
			if err := f.SetCellStyle(sheet, c, c, id); err != nil {
				return err
			}
		}
	}
	for i, c := range t.Columns {
		if c.kind == date && len(rows) > 0 {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetCellStyle(sheet, col+"2", fmt.Sprintf("%s%d", col, len(rows)+1), st.date); err != nil {
				return err
			}
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "B2", ActiveCell: "B2", Pane: "bottomRight"}}}); err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", last, len(rows)+1), nil); err != nil {
		return fmt.Errorf("turning filters on in sheet %s: %w", sheet, err)
	}
	landscape := "landscape"
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape}); err != nil {
		return err
	}
	return markPages(f, sheet, t.Marking)
}

// markPages prints the protective marking, if any, at the top and bottom
// of every page of the sheet, as the Government Security Classifications
// ask of a marked document.
func markPages(f *excelize.File, sheet, marking string) error {
	if marking == "" {
		return nil
	}
	m := "&C&\"-,Bold\"" + strings.ReplaceAll(marking, "&", "&&")
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: m, OddFooter: m})
}

// writeAbout writes the sheet that explains the tracker.
func writeAbout(f *excelize.File, st *xlsxStyles, t *Table) error {
	const sheet = "About"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	counts := map[string]int{}
	for _, r := range t.Rows {
		counts[fmt.Sprint(t.Value(r, "rag"))]++
	}
	var lines [][]any
	if t.Marking != "" {
		lines = append(lines, []any{t.Marking})
	}
	lines = append(lines, [][]any{
		{"Permanence tracker"},
		{fmt.Sprintf("Children looked after on %s: %d (red %d, amber %d, green %d).",
			t.AsAt.Format("2 January 2006"), len(t.Rows), counts["Red"], counts["Amber"], counts["Green"])},
	}...)
	if t.Filter.Team != "" {
		lines = append(lines, []any{"Team: " + t.Filter.Team})
	}
	if t.Filter.IRO != "" {
		lines = append(lines, []any{"IRO (pseudonym): " + t.Filter.IRO})
	}
	shown := "Children are shown by pseudonym only."
	if t.Marking != "" {
		shown = "Children, IROs and social workers are named: their ids and names were read from the case system when this file was made."
	}
	lines = append(lines, []any{shown + " Red first, then amber, then green; within each by team and the longest in care."})
	for _, n := range t.Notes {
		lines = append(lines, []any{n})
	}
	lines = append(lines, []any{}, []any{"How the RAG rating is decided"})
	for _, r := range t.Rules {
		lines = append(lines, []any{r})
	}
	lines = append(lines, []any{}, []any{"Column", "What it holds"})
	for _, c := range t.Columns {
		lines = append(lines, []any{c.Header, c.Help})
	}
	for i, l := range lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &l); err != nil {
			return err
		}
	}
	title := "A1"
	if t.Marking != "" {
		title = "A2"
		if err := f.SetCellStyle(sheet, "A1", "A1", st.marking); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, title, title, st.title); err != nil {
		return err
	}
	headerRow := len(lines) - len(t.Columns)
	for _, ref := range []string{"A%d", "B%d"} {
		c := fmt.Sprintf(ref, headerRow)
		if err := f.SetCellStyle(sheet, c, c, st.header); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, fmt.Sprintf("B%d", headerRow+1), fmt.Sprintf("B%d", len(lines)), st.wrap); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 30); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", "B", 100); err != nil {
		return err
	}
	return markPages(f, sheet, t.Marking)
}

// sheetName makes a team's sheet name: Excel allows 31 characters and
// none of : \ / ? * [ ], and names must differ ignoring case.
func sheetName(team string, used map[string]bool) string {
	name := team
	if name == "" {
		name = "No team recorded"
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, name)
	name = strings.Trim(name, "'")
	if len([]rune(name)) > 31 {
		name = string([]rune(name)[:31])
	}
	base := name
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		r := []rune(base)
		if len(r)+len(suffix) > 31 {
			r = r[:31-len(suffix)]
		}
		name = string(r) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}
