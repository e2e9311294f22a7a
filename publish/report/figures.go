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

// categoryNames are the IRO challenge categories as the report names them.
var categoryNames = map[string]string{
	"care_plan":  "Care plan",
	"permanence": "Permanence",
	"health":     "Health",
	"education":  "Education",
	"placement":  "Placement",
	"contact":    "Contact",
	"drift":      "Drift and delay",
	"other":      "Other",
}

// challengesFigure: IRO challenges by category, this year against last.
func (b *builder) challengesFigure() Figure {
	total, prevTotal, hasPrev := 0.0, 0.0, false
	for _, c := range b.d.Challenges {
		total += c.Challenges
		if c.PreviousChallenges.Valid && b.d.Previous != nil {
			prevTotal += c.PreviousChallenges.Float64
			hasPrev = true
		}
	}
	f, ok := b.figure("fig-challenges", "IRO challenges by category", "CHALLENGES_RAISED", total == 0 && prevTotal == 0)
	if !ok {
		return f
	}
	hidden := b.s.breakdown(column(b.d.Challenges, func(c category) float64 { return c.Challenges }))
	prevHidden := b.s.breakdown(column(b.d.Challenges, func(c category) float64 { return c.PreviousChallenges.Float64 }))
	bars := chart.Bars{ID: f.ID + "-chart", Title: f.Title, Format: func(v float64) string { return count(v) }, Whole: true,
		Series: []chart.Series{{Name: b.d.Year.Label, Color: chart.Blue}}}
	f.Table.Head = []string{"Category", b.d.Year.Label}
	if hasPrev {
		bars.Series = append(bars.Series, chart.Series{Name: b.d.Previous.Label, Color: chart.LightBlue})
		f.Table.Head = append(f.Table.Head, b.d.Previous.Label)
	}
	suppressed := 0
	var top category
	for i, c := range b.d.Challenges {
		name := categoryNames[c.Category]
		if name == "" {
			name = capital(c.Category)
		}
		row := chart.Row{Label: name, Bars: []chart.Bar{countBar(c.Challenges, hidden[i])}}
		cells := []string{name, hiddenOr(hidden[i], count(c.Challenges))}
		if hidden[i] {
			suppressed++
		} else if c.Challenges > top.Challenges {
			top = c
		}
		if hasPrev {
			row.Bars = append(row.Bars, countBar(c.PreviousChallenges.Float64, prevHidden[i]))
			cells = append(cells, hiddenOr(prevHidden[i], count(c.PreviousChallenges.Float64)))
			if prevHidden[i] {
				suppressed++
			}
		}
		bars.Rows = append(bars.Rows, row)
		f.Table.Rows = append(f.Table.Rows, cells)
	}
	if suppressed > 0 {
		b.s.note("Figure: IRO challenges by category, %d %s", suppressed, plural(float64(suppressed), "count", "counts"))
	}
	f.Summary = fmt.Sprintf("IROs raised %s challenges in %s", b.s.count(total), b.d.Year.Label)
	if hasPrev {
		f.Summary += fmt.Sprintf(", against %s in %s", b.s.count(prevTotal), b.d.Previous.Label)
	}
	f.Summary += "."
	if top.Challenges > 0 {
		f.Summary += fmt.Sprintf(" The most were about %s (%s).", lower(categoryNames[top.Category], top.Category), count(top.Challenges))
	}
	bars.Desc = "Grouped bar chart of IRO challenges by category. " + f.Summary
	f.Chart = bars.SVG()
	return f
}

// outcomeNames are the permanence outcome groups as the report names them.
var outcomeNames = map[string]string{
	"adoption":                 "Adoption",
	"special_guardianship":     "Special guardianship order",
	"child_arrangements_order": "Child arrangements order",
	"returned_home_planned":    "Returned home (planned)",
	"returned_home_unplanned":  "Returned home (not planned)",
	"staying_put":              "Staying put (18+)",
	"independent_living":       "Independent living",
	"other":                    "Other reasons",
}

// outcomesFigure: children who left care in the year, by outcome.
func (b *builder) outcomesFigure() Figure {
	ceased := 0.0
	for _, o := range b.d.Outcomes {
		ceased = max(ceased, o.ChildrenCeased)
	}
	f, ok := b.figure("fig-outcomes", "Why children left care", "PERMANENCE_LEGAL", ceased == 0)
	if !ok {
		return f
	}
	hidden := b.s.breakdown(column(b.d.Outcomes, func(o outcome) float64 { return o.Children }))
	bars := chart.Bars{ID: f.ID + "-chart", Title: f.Title, Format: func(v float64) string { return count(v) }, Whole: true,
		Series: []chart.Series{{Name: "Children", Color: chart.Blue}},
		Legend: []chart.LegendItem{
			{Label: "Legal permanence", Color: chart.Blue},
			{Label: "Planned return home", Color: chart.Teal},
			{Label: "Other outcomes", Color: chart.Grey},
		}}
	f.Table.Head = []string{"Outcome", "Children", "Share of children leaving care"}
	suppressed := 0
	for i, o := range b.d.Outcomes {
		name := outcomeNames[o.Outcome]
		if name == "" {
			name = capital(o.Outcome)
		}
		color := chart.Grey
		switch {
		case o.LegalPermanence:
			color = chart.Blue
		case o.Outcome == "returned_home_planned":
			color = chart.Teal
		}
		bar := chart.Bar{Value: o.Children, Color: color, Text: count(o.Children) + " (" + percent(o.Children/ceased) + ")"}
		share := percent(o.Children / ceased)
		if hidden[i] {
			bar.Hidden, bar.Text, share = true, Suppressed, Suppressed
			suppressed++
		}
		bars.Rows = append(bars.Rows, chart.Row{Label: name, Bars: []chart.Bar{bar}})
		f.Table.Rows = append(f.Table.Rows, []string{name, hiddenOr(hidden[i], count(o.Children)), share})
	}
	if suppressed > 0 {
		b.s.note("Figure: children leaving care by outcome, %d %s", suppressed, plural(float64(suppressed), "outcome", "outcomes"))
	}
	f.Summary = fmt.Sprintf("%s children stopped being looked after in %s.", capital(b.s.count(ceased)), b.d.Year.Label)
	if k := b.kpi("PERMANENCE_LEGAL"); k != nil && k.hasValue() {
		f.Summary += fmt.Sprintf(" %s of them left through adoption, special guardianship or a child arrangements order.",
			formatValue(k.Value.Float64, k.Unit))
	}
	bars.Desc = "Bar chart of children who left care by outcome. " + f.Summary
	f.Chart = bars.SVG()
	return f
}

// adoptionFigure: the adoption scorecard's average waits against the
// DfE thresholds, this year and over three years.
func (b *builder) adoptionFigure() Figure {
	adopted := 0.0
	for _, a := range b.d.Adoption {
		adopted += a.A1Children
	}
	f, ok := b.figure("fig-adoption", "Adoption timeliness against the scorecard thresholds", "ADOPTION_A1_AVG_DAYS", adopted == 0)
	if !ok {
		return f
	}
	bars := chart.Bars{ID: f.ID + "-chart", Title: f.Title, Format: func(v float64) string { return count(v) }, Whole: true,
		Series: []chart.Series{{Name: "Average days", Color: chart.Blue}},
		Legend: []chart.LegendItem{
			{Label: "Within threshold", Color: chart.Good},
			{Label: "Over threshold", Color: chart.Bad},
			{Label: "Threshold", Marker: true},
		}}
	f.Table.Head, f.Table.TextCols = []string{"Measure", "Period", "Average days", "Children", "Threshold"}, 2
	suppressed := 0
	measures := []struct {
		code, name string
		days       func(adoption) (float64, bool)
		children   func(adoption) float64
		limit      func(adoption) float64
	}{
		{"A1", "A1 entering care to moving in",
			func(a adoption) (float64, bool) { return a.A1Days.Float64, a.A1Days.Valid },
			func(a adoption) float64 { return a.A1Children }, func(a adoption) float64 { return a.A1Threshold }},
		{"A10", "A10 to moving in with the family who adopted",
			func(a adoption) (float64, bool) { return a.A10Days.Float64, a.A10Days.Valid },
			func(a adoption) float64 { return a.A10Children }, func(a adoption) float64 { return a.A1Threshold }},
		{"A2", "A2 placement order to match",
			func(a adoption) (float64, bool) { return a.A2Days.Float64, a.A2Days.Valid },
			func(a adoption) float64 { return a.A2Children }, func(a adoption) float64 { return a.A2Threshold }},
	}
	for _, m := range measures {
		for _, a := range b.d.Adoption {
			period, label := b.d.Year.Label, m.code+" "+b.d.Year.Label
			if a.Basis == "3_years" {
				period, label = "3 years to "+b.d.Year.Label, m.code+" 3-year average"
			}
			days, valid := m.days(a)
			children, limit := m.children(a), m.limit(a)
			bar := chart.Bar{Value: days}
			avg := "–"
			switch {
			case b.s.hides(children):
				bar.Hidden, bar.Text, avg = true, Suppressed, Suppressed
				suppressed++
			case valid:
				avg = count(math.Round(days))
				bar.Text = dayCount(math.Round(days))
				bar.Color = chart.Good
				if days > limit {
					bar.Color = chart.Bad
				}
			default:
				bar.Hidden, bar.Text = true, "–"
			}
			bars.Rows = append(bars.Rows, chart.Row{Label: label, Bars: []chart.Bar{bar}, Marker: &limit})
			f.Table.Rows = append(f.Table.Rows, []string{m.name, period, avg, b.s.count(children), dayCount(limit)})
		}
	}
	if suppressed > 0 {
		b.s.note("Figure: adoption timeliness, %d %s based on fewer than %d children", suppressed,
			plural(float64(suppressed), "average", "averages"), b.opts.SuppressBelow)
	}
	if k := b.kpi("ADOPTION_A1_AVG_DAYS"); k != nil && k.hasValue() {
		f.Summary = fmt.Sprintf("Children adopted in %s waited on average %s from entering care to moving in with their adoptive family (A1), against a threshold of %s.",
			b.d.Year.Label, formatValue(k.Value.Float64, k.Unit), formatTarget(k.Target.Float64, k.Unit))
		if a3 := b.kpi("ADOPTION_A3_WITHIN_14_MONTHS"); a3 != nil && a3.hasValue() {
			f.Summary += fmt.Sprintf(" %s of them waited less than 14 months (A3).", formatValue(a3.Value.Float64, a3.Unit))
		}
	} else {
		f.Summary = fmt.Sprintf("Too few children were adopted in %s to publish the year's averages safely.", b.d.Year.Label)
	}
	bars.Desc = "Bar chart of average days for the adoption scorecard measures A1, A10 and A2, this year and over three years, each against its threshold. " + f.Summary
	f.Chart = bars.SVG()
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
