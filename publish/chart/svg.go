package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"
)

// Colours the charts use: dark enough on white for text and thin lines,
// and told apart by lightness as well as hue, so they survive printing in
// grey.
const (
	Blue      = "#1d4f91"
	LightBlue = "#8fb1de"
	Teal      = "#0f766e"
	Grey      = "#8a94a3"
	Ink       = "#1f2933"
	Muted     = "#5b6675"
	Rule      = "#d5dae1"
	Good      = "#2e7d32"
	Bad       = "#b42318"
)

// Width is every chart's width in SVG units; the page scales it.
const Width = 720

// Reference is a line across the whole chart at one value, such as a
// target.
type Reference struct {
	Value float64
	Label string // e.g. "Target 85%"
}

// LegendItem is one swatch in a chart's legend.
type LegendItem struct {
	Label, Color string
	// Marker draws the swatch as a threshold tick rather than a block.
	Marker bool
}

// svgDoc builds one <svg> element.
type svgDoc struct {
	b strings.Builder
}

func (d *svgDoc) printf(format string, args ...any) { fmt.Fprintf(&d.b, format, args...) }

// open starts the root element: role img, labelled by its title and
// described by its description.
func (d *svgDoc) open(id string, height float64, title, desc string) {
	d.printf(`<svg class="chart" role="img" aria-labelledby="%[1]s-t %[1]s-d" viewBox="0 0 %[2]d %[3]s" width="%[2]d" height="%[3]s">`,
		esc(id), Width, num(height))
	d.printf(`<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
}

func (d *svgDoc) close() template.HTML {
	d.b.WriteString("</svg>")
	return template.HTML(d.b.String()) // every text written was escaped
}

// text writes a text element; anchor is start, middle or end.
func (d *svgDoc) text(x, y float64, anchor string, size float64, color, weight, s string) {
	d.textWith(x, y, anchor, size, color, weight, s, "")
}

// label writes text with a white halo, legible over grid and reference
// lines.
func (d *svgDoc) label(x, y float64, anchor string, size float64, color, weight, s string) {
	d.textWith(x, y, anchor, size, color, weight, s, ` stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`)
}

func (d *svgDoc) textWith(x, y float64, anchor string, size float64, color, weight, s, extra string) {
	if weight != "" {
		extra += ` font-weight="` + weight + `"`
	}
	d.printf(`<text x="%s" y="%s" text-anchor="%s" font-size="%s" fill="%s"%s>%s</text>`,
		num(x), num(y), anchor, num(size), color, extra, esc(s))
}

func (d *svgDoc) rect(x, y, w, h float64, color string) {
	d.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x), num(y), num(w), num(h), color)
}

func (d *svgDoc) line(x1, y1, x2, y2 float64, color string, width float64, dashed bool) {
	dash := ""
	if dashed {
		dash = ` stroke-dasharray="5 4"`
	}
	d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`,
		num(x1), num(y1), num(x2), num(y2), color, num(width), dash)
}

// legendWidth is how wide legend draws items.
func legendWidth(items []LegendItem) float64 {
	w := 0.0
	for _, it := range items {
		w += 18 + textWidth(it.Label, 12) + 22
	}
	return w
}

// legend draws items in a row from x at baseline y and returns the
// height used.
func (d *svgDoc) legend(items []LegendItem, x, y float64) float64 {
	if len(items) == 0 {
		return 0
	}
	if x+legendWidth(items) > Width {
		x = max(0, Width-legendWidth(items))
	}
	for _, it := range items {
		if it.Marker {
			d.line(x+5, y-11, x+5, y+2, Ink, 2.5, false)
		} else {
			d.rect(x, y-10, 12, 12, it.Color)
		}
		d.text(x+18, y, "start", 12, Ink, "", it.Label)
		x += 18 + textWidth(it.Label, 12) + 22
	}
	return 24
}

// esc escapes text for SVG inside HTML.
func esc(s string) string { return html.EscapeString(s) }

// num prints a coordinate with at most one decimal.
func num(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

// textWidth estimates the width of s in a sans-serif face at size px.
func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * 0.56
}

// niceCeil rounds v up to 1, 2, 2.5 or 5 times a power of ten: a tick
// step.
func niceCeil(v float64) float64 { return roundUp(v, []float64{1, 2, 2.5, 5, 10}) }

// niceMax rounds v up to an axis maximum close above it.
func niceMax(v float64) float64 {
	return roundUp(v, []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10})
}

func roundUp(v float64, multiples []float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range multiples {
		if m*p >= v-1e-9 {
			return m * p
		}
	}
	return 10 * p
}

// ticks returns about n evenly spaced round values from lo to hi.
func ticks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		return []float64{lo}
	}
	step := niceCeil((hi - lo) / float64(n))
	var out []float64
	for i := math.Ceil(lo/step - 1e-9); i*step <= hi+1e-9; i++ {
		out = append(out, i*step+0) // +0 turns -0 into 0
	}
	return out
}

// wholeTicks returns about n ticks from 0 to hi a whole number apart:
// 1, 2 or 5 times a power of ten.
func wholeTicks(hi float64, n int) []float64 {
	step := math.Max(1, roundUp(hi/float64(n), []float64{1, 2, 5, 10}))
	var out []float64
	for v := 0.0; v <= hi+1e-9; v += step {
		out = append(out, v)
	}
	return out
}

// fit shortens s with an ellipsis to fit width at size.
func fit(s string, width, size float64) string {
	r := []rune(s)
	for len(r) > 1 && textWidth(string(r), size) > width {
		r = r[:len(r)-1]
		s = strings.TrimSpace(string(r)) + "…"
	}
	return s
}
