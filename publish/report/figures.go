package report

import (
	"fmt"
	"math"

	"carewh/publish/chart"
)

// figure starts a figure, or says why it has nothing to show: the KPI it
// illustrates is not available from the source, or nothing was counted.
func (b *builder) figure(id, title, kpiCode string, empty bool) (Figure, bool) {
	f := Figure{ID: id, Title: title}
	if k := b.kpi(kpiCode); k != nil && !k.Available {
		f.Note = "Not available from this source."
		return f, false
	}
	if empty {
		f.Note = "Nothing to show for " + b.d.Year.Label + "."
		return f, false
	}
	return f, true
}

// pctAxis labels a percentage axis.
func pctAxis(v float64) string { return fmt.Sprintf("%.0f%%", v) }

// target returns a KPI's target as a chart reference line, in the
// chart's units (per cent for shares).
func (b *builder) target(code string) *chart.Reference {
	k := b.kpi(code)
	if k == nil || !k.Target.Valid {
		return nil
	}
	v := k.Target.Float64
	if k.Unit == unitShare {
		v *= 100
	}
	return &chart.Reference{Value: v, Label: "Target " + formatTarget(k.Target.Float64, k.Unit)}
}

// monthlyFigure: LAC reviews held on time, month by month.
func (b *builder) monthlyFigure() Figure {
	held := 0.0
	for _, m := range b.d.Months {
		held += m.Held
	}
	f, ok := b.figure("fig-monthly", "Reviews held within timescales, month by month", "LAC_REVIEWS_ON_TIME", held == 0)
	if !ok {
		return f
	}
	heldHidden := b.s.breakdown(column(b.d.Months, func(m month) float64 { return m.Held }))
	onTimeHidden := b.s.breakdown(column(b.d.Months, func(m month) float64 { return m.OnTime }))
	line := chart.Line{ID: f.ID + "-chart", Title: f.Title, Format: pctAxis, YMax: 100, Reference: b.target("LAC_REVIEWS_ON_TIME")}
	f.Table.Head = []string{"Month", "Reviews held", "On time", "% on time"}
	lo, hi := 100.0, 0.0
	var loMonth, hiMonth string
	suppressed := 0
	for i, m := range b.d.Months {
		hidden := heldHidden[i] || onTimeHidden[i]
		p := chart.Point{Label: m.Start.Format("Jan")}
		pct := "–"
		switch {
		case hidden:
			p.Hidden, p.Text, pct = true, Suppressed, Suppressed
			suppressed++
		case m.Held == 0:
			p.Hidden, p.Text = true, "–"
		default:
			p.Value = 100 * m.OnTime / m.Held
			p.Text = percent(m.OnTime / m.Held)
			pct = p.Text
			if p.Value < lo {
				lo, loMonth = p.Value, m.Start.Format("January")
			}
			if p.Value > hi {
				hi, hiMonth = p.Value, m.Start.Format("January")
			}
		}
		line.Points = append(line.Points, p)
		f.Table.Rows = append(f.Table.Rows, []string{m.Start.Format("January 2006"),
			hiddenOr(heldHidden[i], count(m.Held)), hiddenOr(onTimeHidden[i], count(m.OnTime)), pct})
	}
	if suppressed > 0 {
		b.s.note("Figure: reviews held on time in %d %s", suppressed, plural(float64(suppressed), "month", "months"))
	}
	if hiMonth == "" {
		f.Note = "No chart: every month's figures are suppressed, too few reviews having been held in each to publish safely."
		return f
	}
	floor := lo
	if line.Reference != nil {
		floor = min(floor, line.Reference.Value)
	}
	line.YMin = max(0, math.Floor((floor-5)/10)*10)
	line.Desc = fmt.Sprintf("Line chart of the share of reviews held on time in each month of %s. Highest %s in %s, lowest %s in %s.",
		b.d.Year.Label, percent(hi/100), hiMonth, percent(lo/100), loMonth)
	f.Chart = line.SVG()
	if hiMonth == loMonth {
		f.Summary = fmt.Sprintf("%s of reviews in %s were held on time.", percent(hi/100), hiMonth)
	} else {
		f.Summary = fmt.Sprintf("The share of reviews held on time was highest in %s (%s) and lowest in %s (%s).",
			hiMonth, percent(hi/100), loMonth, percent(lo/100))
	}
	return f
}

// pnShort labels each participation code in the chart.
var pnShort = map[string]string{
	"PN1": "spoke for themselves",
	"PN2": "views conveyed for them",
	"PN3": "views shown non-verbally",
	"PN4": "attended, did not contribute",
	"PN5": "briefed an advocate or IRO",
	"PN6": "views by other means",
	"PN7": "views not conveyed",
}

// pnMeaning says what each participation code means (SSDA903 REVIEW_CODE).
var pnMeaning = map[string]string{
	"PN0": "child under 4",
	"PN1": "attended and spoke for themselves",
	"PN2": "attended; an advocate or the IRO conveyed their views",
	"PN3": "attended; conveyed views non-verbally",
	"PN4": "attended without contributing",
	"PN5": "did not attend; briefed an advocate or the IRO",
	"PN6": "did not attend; views conveyed by other means",
	"PN7": "did not attend; views not conveyed",
}

// participationFigure: reviews of children aged 4+ by participation code.
func (b *builder) participationFigure() Figure {
	total := 0.0
	for _, p := range b.d.Participation {
		total += p.Count
	}
	f, ok := b.figure("fig-participation", "How children aged 4 and over took part in their reviews", "LAC_PARTICIPATION", total == 0)
	if !ok {
		return f
	}
	hidden := b.s.breakdown(column(b.d.Participation, func(l labelled) float64 { return l.Count }))
	bars := chart.Bars{ID: f.ID + "-chart", Title: f.Title, Format: func(v float64) string { return count(v) }, Whole: true,
		Series: []chart.Series{{Name: "Reviews", Color: chart.Blue}},
		Legend: []chart.LegendItem{
			{Label: "Attended (PN1–PN4)", Color: chart.Blue},
			{Label: "Views conveyed (PN5–PN6)", Color: chart.Teal},
			{Label: "Did not take part", Color: chart.Grey},
		}}
	f.Table.Head, f.Table.TextCols = []string{"Code", "What it means", "Reviews", "Share"}, 2
	suppressed := 0
	for i, p := range b.d.Participation {
		meaning := pnMeaning[p.Label]
		if meaning == "" {
			meaning = "not recorded"
		}
		color := chart.Grey
		switch p.Label {
		case "PN1", "PN2", "PN3", "PN4":
			color = chart.Blue
		case "PN5", "PN6":
			color = chart.Teal
		}
		bar := chart.Bar{Value: p.Count, Color: color, Text: count(p.Count) + " (" + percent(p.Count/total) + ")"}
		share := percent(p.Count / total)
		if hidden[i] {
			bar.Hidden, bar.Text, share = true, Suppressed, Suppressed
			suppressed++
		}
		short := pnShort[p.Label]
		if short == "" {
			short = meaning
		}
		bars.Rows = append(bars.Rows, chart.Row{Label: p.Label + " " + short, Bars: []chart.Bar{bar}})
		f.Table.Rows = append(f.Table.Rows, []string{p.Label, meaning, hiddenOr(hidden[i], count(p.Count)), share})
	}
	if suppressed > 0 {
		b.s.note("Figure: reviews by participation code, %d %s", suppressed, plural(float64(suppressed), "code", "codes"))
	}
	bars.Desc = fmt.Sprintf("Bar chart of %s reviews of children aged 4 and over in %s by participation code, PN1 to PN7.",
		b.s.count(total), b.d.Year.Label)
	f.Chart = bars.SVG()
	f.Summary = fmt.Sprintf("%s reviews of children aged 4 and over were held in %s.", capital(b.s.count(total)), b.d.Year.Label)
	if b.d.Under4 > 0 {
		f.Summary += fmt.Sprintf(" Reviews of children under 4 (%s, code PN0) are not in the measure.", b.s.count(b.d.Under4))
	}
	return f
}

// midpointFigure: mid-point monitoring by the social worker's team.
func (b *builder) midpointFigure() Figure {
	f, ok := b.figure("fig-midpoint", "Mid-point monitoring by team", "MIDPOINT_MONITORED", len(b.d.Midpoint) == 0)
	if !ok {
		return f
	}
	monHidden := b.s.breakdown(column(b.d.Midpoint, func(t team) float64 { return t.Monitored }))
	intHidden := b.s.breakdown(column(b.d.Midpoint, func(t team) float64 { return t.Intervals }))
	bars := chart.Bars{ID: f.ID + "-chart", Title: f.Title, Max: 100, Format: pctAxis,
		Series: []chart.Series{{Name: "Intervals monitored", Color: chart.Blue}}, Reference: b.target("MIDPOINT_MONITORED")}
	f.Table.Head = []string{"Team", "Review intervals", "Monitored", "% monitored"}
	var shownTeams []team
	suppressed := 0
	for i, t := range b.d.Midpoint {
		hidden := monHidden[i] || intHidden[i]
		bar := chart.Bar{}
		pct := "–"
		switch {
		case hidden:
			bar.Hidden, bar.Text, pct = true, Suppressed, Suppressed
			suppressed++
		case t.Intervals > 0:
			bar.Value = 100 * t.Monitored / t.Intervals
			pct = percent(t.Monitored / t.Intervals)
			bar.Text = pct + " (" + count(t.Monitored) + " of " + count(t.Intervals) + ")"
			shownTeams = append(shownTeams, t)
		}
		bars.Rows = append(bars.Rows, chart.Row{Label: capital(t.Team), Bars: []chart.Bar{bar}})
		f.Table.Rows = append(f.Table.Rows, []string{capital(t.Team),
			hiddenOr(intHidden[i], count(t.Intervals)), hiddenOr(monHidden[i], count(t.Monitored)), pct})
	}
	if suppressed > 0 {
		b.s.note("Figure: mid-point monitoring for %d %s", suppressed, plural(float64(suppressed), "team", "teams"))
	}
	if len(shownTeams) == 0 {
		f.Note = "No chart: every team's figures are suppressed, too few review intervals to publish safely."
		return f
	}
	byShare := sortedBy(shownTeams, func(t team) float64 { return t.Monitored / t.Intervals })
	lo, hi := byShare[0], byShare[len(byShare)-1]
	bars.Desc = fmt.Sprintf("Bar chart of the share of review intervals with IRO mid-point monitoring in %s, by team: highest %s (%s), lowest %s (%s).",
		b.d.Year.Label, capital(hi.Team), percent(hi.Monitored/hi.Intervals), capital(lo.Team), percent(lo.Monitored/lo.Intervals))
	f.Chart = bars.SVG()
	if len(shownTeams) == 1 {
		f.Summary = fmt.Sprintf("%s: %s of review intervals were monitored.", capital(hi.Team), percent(hi.Monitored/hi.Intervals))
	} else {
		f.Summary = fmt.Sprintf("Mid-point monitoring ranged from %s in %s to %s in %s.",
			percent(lo.Monitored/lo.Intervals), capital(lo.Team), percent(hi.Monitored/hi.Intervals), capital(hi.Team))
	}
	return f
}

// countBar is a bar for a count, hidden when suppressed.
func countBar(n float64, hidden bool) chart.Bar {
	if hidden {
		return chart.Bar{Hidden: true, Text: Suppressed}
	}
	return chart.Bar{Value: n, Text: count(n)}
}

// column picks one number from each item.
func column[T any](items []T, f func(T) float64) []float64 {
	out := make([]float64, len(items))
	for i, it := range items {
		out[i] = f(it)
	}
	return out
}

func hiddenOr(hidden bool, s string) string {
	if hidden {
		return Suppressed
	}
	return s
}

// capital starts s with a capital letter.
func capital(s string) string {
	r := []rune(s)
	if len(r) > 0 && r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// lower returns name in lower case for use mid-sentence, or the raw
// category when there is no name.
func lower(name, raw string) string {
	if name == "" {
		return raw
	}
	r := []rune(name)
	if r[0] >= 'A' && r[0] <= 'Z' {
		r[0] += 'a' - 'A'
	}
	return string(r)
}
