package chart

import (
	"html/template"
	"math"
)

// Bars is a horizontal bar chart: one row per category, one bar per
// series in each row (two series make grouped bars, e.g. this year and
// last year).
type Bars struct {
	// ID makes the chart's element ids unique in the page.
	ID          string
	Title, Desc string
	// Series names the bars of each row and gives their colours; a legend
	// is drawn when there are two or more, or when Legend is set.
	Series []Series
	Rows   []Row
	// Max is the axis maximum; 0 takes it from the data.
	Max float64
	// Format labels the axis ticks; Whole keeps them to whole numbers
	// (for counts).
	Format func(float64) string
	Whole  bool
	// Reference draws a dashed line across every row (a target).
	Reference *Reference
	// Legend replaces the legend built from Series (for colours that mark
	// groups of rows rather than series).
	Legend []LegendItem
}

// Series is one bar of every row.
type Series struct {
	Name, Color string
}

// Row is one category.
type Row struct {
	Label string
	// Bars holds one bar per series, in the order of Bars.Series.
	Bars []Bar
	// Marker, when set, draws a threshold tick across the row at this
	// value (e.g. the adoption scorecard's threshold for that measure).
	Marker *float64
}

// Bar is one value.
type Bar struct {
	Value float64
	// Hidden draws no bar: the value is suppressed, and Text (normally
	// "*") stands in its place.
	Hidden bool
	// Text is written after the bar, e.g. "87.7% (4,133 of 4,713)".
	Text string
	// Color overrides the series colour for this bar.
	Color string
}

const (
	barHeight = 16.0
	barGap    = 3.0
	rowGap    = 12.0
	axisSpace = 26.0
	textSize  = 12.0
)

// SVG draws the chart.
func (c Bars) SVG() template.HTML {
	nSeries := max(1, len(c.Series))
	rowHeight := float64(nSeries)*barHeight + float64(nSeries-1)*barGap
	labelWidth, textRoom := 0.0, 0.0
	top := 0.0
	for _, r := range c.Rows {
		labelWidth = max(labelWidth, textWidth(r.Label, textSize))
		for _, b := range r.Bars {
			textRoom = max(textRoom, textWidth(b.Text, textSize-1))
		}
	}
	x0 := math.Min(math.Max(labelWidth+12, 80), 340)
	x1 := float64(Width) - math.Max(textRoom+10, 40)

	scaleMax := c.scaleMax()
	x := func(v float64) float64 { return x0 + (x1-x0)*math.Max(0, math.Min(v, scaleMax))/scaleMax }

	legend := c.Legend
	if legend == nil && len(c.Series) > 1 {
		for _, s := range c.Series {
			legend = append(legend, LegendItem{Label: s.Name, Color: s.Color})
		}
	}
	if len(legend) > 0 {
		top += 26
	}
	if c.Reference != nil {
		top += 18
	}
	plotTop := top + 4
	height := plotTop + float64(len(c.Rows))*(rowHeight+rowGap) + axisSpace

	var d svgDoc
	d.open(c.ID, height, c.Title, c.Desc)
	d.legend(legend, x0, 16)

	// Grid and axis.
	plotBottom := plotTop + float64(len(c.Rows))*(rowHeight+rowGap)
	axis := ticks(0, scaleMax, 5)
	if c.Whole {
		axis = wholeTicks(scaleMax, 5)
	}
	for _, t := range axis {
		d.line(x(t), plotTop, x(t), plotBottom, Rule, 1, false)
		label := num(t)
		if c.Format != nil {
			label = c.Format(t)
		}
		d.text(x(t), plotBottom+16, "middle", 11, Muted, "", label)
	}
	d.line(x0, plotTop, x0, plotBottom, Muted, 1, false)
	if c.Reference != nil {
		rx := x(c.Reference.Value)
		d.line(rx, plotTop-4, rx, plotBottom, Ink, 1.5, true)
		d.text(rx, plotTop-8, "middle", 11, Ink, "bold", c.Reference.Label)
	}

	y := plotTop + rowGap/2
	for _, r := range c.Rows {
		c.drawRow(&d, r, y, x0, rowHeight, x)
		y += rowHeight + rowGap
	}
	return d.close()
}

// scaleMax is the value at the scale's right end: c.Max, or a round
// number above every bar, marker and reference.
func (c Bars) scaleMax() float64 {
	if c.Max > 0 {
		return c.Max
	}
	top := 0.0
	for _, r := range c.Rows {
		for _, b := range r.Bars {
			if !b.Hidden {
				top = max(top, b.Value)
			}
		}
		if r.Marker != nil {
			top = max(top, *r.Marker)
		}
	}
	if c.Reference != nil {
		top = max(top, c.Reference.Value)
	}
	return niceMax(top)
}

// drawRow draws one row at y: its label, a bar per series with its text,
// and its marker; x maps a value to its position.
func (c Bars) drawRow(d *svgDoc, r Row, y, x0, rowHeight float64, x func(float64) float64) {
	d.text(x0-8, y+rowHeight/2+4, "end", textSize, Ink, "", fit(r.Label, x0-10, textSize))
	markerEnd := x0
	if r.Marker != nil {
		markerEnd = x(*r.Marker) + 2
	}
	for i, b := range r.Bars {
		by := y + float64(i)*(barHeight+barGap)
		color := b.Color
		if color == "" && i < len(c.Series) {
			color = c.Series[i].Color
		}
		if color == "" {
			color = Blue
		}
		end := x0
		if !b.Hidden && b.Value > 0 {
			end = x(b.Value)
			d.rect(x0, by, end-x0, barHeight, color)
		}
		weight := ""
		if b.Hidden {
			weight = "bold"
		}
		d.label(max(end, markerEnd)+5, by+barHeight-4, "start", textSize-1, Ink, weight, b.Text)
	}
	if r.Marker != nil {
		mx := x(*r.Marker)
		d.line(mx, y-3, mx, y+rowHeight+3, Ink, 2.5, false)
	}
}
