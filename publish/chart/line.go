package chart

import (
	"html/template"
	"strings"
)

// Line is a line over time: one point per period (e.g. month), joined in
// order; a hidden point breaks the line.
type Line struct {
	ID          string
	Title, Desc string
	Points      []Point
	// YMin and YMax bound the value axis; Format labels its ticks.
	YMin, YMax float64
	Format     func(float64) string
	Color      string
	// Reference draws a dashed horizontal line (a target).
	Reference *Reference
}

// Point is one period's value.
type Point struct {
	Label string // x axis, e.g. "Apr"
	Value float64
	// Hidden draws no point (suppressed, or nothing to measure); Text
	// stands in its place.
	Hidden bool
	// Text labels the point, e.g. "93.2%", or "*" when hidden.
	Text string
}

// SVG draws the chart.
func (c Line) SVG() template.HTML {
	const (
		height              = 280.0
		left, right         = 52.0, 86.0
		top, bottom         = 26.0, 40.0
		plotLeft, plotTop   = left, top
		plotRight           = Width - right
		plotBottom          = height - bottom
		pointRadius         = 3.5
		labelSize, axisSize = 10.5, 11.0
	)
	color := c.Color
	if color == "" {
		color = Blue
	}
	lo, hi := c.YMin, c.YMax
	if hi <= lo {
		hi = lo + 1
	}
	y := func(v float64) float64 {
		v = max(lo, min(hi, v))
		return plotBottom - (plotBottom-plotTop)*(v-lo)/(hi-lo)
	}
	n := len(c.Points)
	step := (plotRight - plotLeft) / float64(max(n, 1))
	x := func(i int) float64 { return plotLeft + step*(float64(i)+0.5) }

	var d svgDoc
	d.open(c.ID, height, c.Title, c.Desc)
	for _, t := range ticks(lo, hi, 5) {
		d.line(plotLeft, y(t), plotRight, y(t), Rule, 1, false)
		label := num(t)
		if c.Format != nil {
			label = c.Format(t)
		}
		d.text(plotLeft-6, y(t)+4, "end", axisSize, Muted, "", label)
	}
	d.line(plotLeft, plotBottom, plotRight, plotBottom, Muted, 1, false)
	if c.Reference != nil {
		ry := y(c.Reference.Value)
		d.line(plotLeft, ry, plotRight, ry, Ink, 1.5, true)
		d.text(plotRight+6, ry+4, "start", axisSize, Ink, "bold", c.Reference.Label)
	}

	// The line, broken at hidden points.
	var path strings.Builder
	pen := false
	for i, p := range c.Points {
		if p.Hidden {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		path.WriteString(cmd + num(x(i)) + " " + num(y(p.Value)) + " ")
		pen = true
	}
	if path.Len() > 0 {
		d.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round"/>`,
			strings.TrimSpace(path.String()), color)
	}
	for i, p := range c.Points {
		d.text(x(i), plotBottom+16, "middle", axisSize, Ink, "", p.Label)
		if p.Hidden {
			d.text(x(i), plotBottom-8, "middle", labelSize+1, Ink, "bold", p.Text)
			continue
		}
		d.printf(`<circle cx="%s" cy="%s" r="%s" fill="%s"/>`, num(x(i)), num(y(p.Value)), num(pointRadius), color)
		d.label(x(i), y(p.Value)-8, "middle", labelSize, Ink, "", p.Text)
	}
	return d.close()
}
