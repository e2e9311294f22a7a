package publish

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the table as a workbook: a sheet of its rows (header
// frozen, filters on, dates as dates) and an About sheet that starts with
// the marking and says what the mart holds. Every printed page carries
// the marking at its top and bottom.
func (t *MartTable) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Mart
	if len(sheet) > 31 {
		sheet = sheet[:31]
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if err := t.writeRows(f, sheet); err != nil {
		return err
	}
	if err := t.writeAbout(f); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{Title: "marts." + t.Mart, Creator: "carewh", Category: t.Marking}); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

func (t *MartTable) writeRows(f *excelize.File, sheet string) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	if err != nil {
		return err
	}
	ukDate := "dd/mm/yyyy"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &ukDate})
	if err != nil {
		return err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(max(len(t.Columns), 1))
	if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
		return err
	}
	for r, row := range t.Rows {
		for i, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return fmt.Errorf("writing cell %s: %w", cell, err)
			}
			if _, ok := v.(time.Time); ok {
				if err := f.SetCellStyle(sheet, cell, cell, dateStyle); err != nil {
					return err
				}
			}
		}
	}
	if err := f.SetColWidth(sheet, "A", last, 16); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", last, len(t.Rows)+1), nil); err != nil {
		return err
	}
	return markSheet(f, sheet, t.Marking)
}

func (t *MartTable) writeAbout(f *excelize.File) error {
	const sheet = "About"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	lines := [][]any{{t.Marking}, {"marts." + t.Mart}, {t.Comment},
		{fmt.Sprintf("Rows: %d. Children, IROs and social workers are named: their ids and names were read from the case system when this file was made.", len(t.Rows))}}
	for _, n := range t.Notes {
		lines = append(lines, []any{n})
	}
	lines = append(lines, []any{}, []any{"Columns"}, []any{strings.Join(t.Columns, ", ")})
	for i, l := range lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &l); err != nil {
			return err
		}
	}
	red, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: "9C0006"}})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", red); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 120); err != nil {
		return err
	}
	return markSheet(f, sheet, t.Marking)
}

// markSheet prints the marking at the top and bottom of every page.
func markSheet(f *excelize.File, sheet, marking string) error {
	if marking == "" {
		return nil
	}
	m := `&C&"-,Bold"` + strings.ReplaceAll(marking, "&", "&&")
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: m, OddFooter: m})
}
