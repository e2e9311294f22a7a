package report

import (
	"fmt"
	"math"

	"carewh/publish/chart"
)

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
