package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
)

//go:embed report.html.tmpl
var pageTemplate string

//go:embed report.css
var pageCSS string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 },
	"dec": func(i int) int { return i - 1 },
}).Parse(pageTemplate))

// Render writes the report as one self-contained HTML page: styles
// inline, charts as inline SVG, no script and nothing fetched from
// anywhere, so it reads the same on screen, offline and printed to PDF.
func (r *Report) Render(w io.Writer) error {
	for i := range r.Figures {
		r.Figures[i].Table.TextCols = max(r.Figures[i].Table.TextCols, 1)
	}
	err := page.Execute(w, struct {
		Report  *Report
		Title   string
		Year    string
		Council string
		CSS     template.CSS
		Star    string
	}{r, r.Title, r.Year, r.Council, template.CSS(pageCSS), Suppressed})
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}
