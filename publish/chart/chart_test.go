package chart

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// elements parses an SVG and counts its elements by name, failing the
// test if it is not well-formed XML.
func elements(t *testing.T, svg string) map[string]int {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	counts := map[string]int{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return counts
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed: %v\n%s", err, svg)
		}
		if s, ok := tok.(xml.StartElement); ok {
			counts[s.Name.Local]++
		}
	}
}

func TestBarsAreAccessibleAndHideSuppressedValues(t *testing.T) {
	target := 426.0
	c := Bars{
		ID: "fig", Title: `Waits <by> "team" & year`, Desc: "A1 against its threshold.",
		Series:    []Series{{"2025-26", Blue}, {"2024-25", LightBlue}},
		Reference: &Reference{Value: 85, Label: "Target 85%"},
		Rows: []Row{
			{Label: "North & East", Bars: []Bar{{Value: 90, Text: "90"}, {Hidden: true, Text: "*"}}, Marker: &target},
			{Label: "South", Bars: []Bar{{Value: 0, Text: "0"}, {Value: 40, Text: "40"}}},
		},
	}
	svg := string(c.SVG())
	got := elements(t, svg)
	// Two bars drawn (90 and 40), legend swatches two more; the hidden
	// and zero bars draw none.
	if got["rect"] != 4 {
		t.Errorf("%d rects, want 4 (2 bars, 2 legend swatches)", got["rect"])
	}
	for _, want := range []string{
		`role="img"`, `aria-labelledby="fig-t fig-d"`, `<title id="fig-t">Waits &lt;by&gt; &#34;team&#34; &amp; year</title>`,
		`<desc id="fig-d">A1 against its threshold.</desc>`, `North &amp; East`, `>*</text>`, "Target 85%", "stroke-dasharray",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	if strings.Contains(svg, "-0") {
		t.Error("an axis tick reads -0")
	}
}

func TestLineBreaksAtHiddenPoints(t *testing.T) {
	c := Line{ID: "m", Title: "Monthly", YMin: 80, YMax: 100, Format: func(v float64) string { return "x" },
		Points:    []Point{{"Apr", 90, false, "90%"}, {"May", 95, false, "95%"}, {"Jun", 0, true, "*"}, {"Jul", 92, false, "92%"}, {"Aug", 93, false, "93%"}},
		Reference: &Reference{Value: 95, Label: "Target 95%"}}
	svg := string(c.SVG())
	got := elements(t, svg)
	if got["circle"] != 4 {
		t.Errorf("%d points drawn, want 4 (June is hidden)", got["circle"])
	}
	var path string
	if i := strings.Index(svg, ` d="`); i >= 0 {
		path = svg[i+4:]
		path = path[:strings.Index(path, `"`)]
	}
	if strings.Count(path, "M") != 2 {
		t.Errorf("line path %q: want two segments, broken at June", path)
	}
}

func TestTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{0, 100, "0 20 40 60 80 100"},
		{80, 100, "80 85 90 95 100"},
		{0, 150, "0 50 100 150"},
	} {
		var parts []string
		for _, v := range ticks(c.lo, c.hi, 5) {
			parts = append(parts, num(v))
		}
		if got := strings.Join(parts, " "); got != c.want {
			t.Errorf("ticks(%v, %v) = %s, want %s", c.lo, c.hi, got, c.want)
		}
	}
	if niceMax(150) != 150 || niceMax(151) != 200 || niceMax(0.9) != 1 {
		t.Errorf("niceMax: %v %v %v", niceMax(150), niceMax(151), niceMax(0.9))
	}
}
