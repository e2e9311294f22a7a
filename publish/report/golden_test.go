package report

import (
	"bytes"
	"context"
	"errors"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"carewh/pipelines/warehouse"
	"carewh/publish/internal/testwarehouse"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testwarehouse.Cleanup()
	os.Exit(code)
}

// goldenNow is when the golden report says it was made.
var goldenNow = time.Date(2024, 7, 1, 9, 30, 0, 0, time.UTC)

var golden struct {
	once sync.Once
	page string
	r    *Report
	err  error
}

// goldenPage renders the report of the review-timeliness golden case
// (testdata/golden/review_timeliness, as at 2024-06-30) for its latest
// complete year, 2023-24, with the default suppression threshold of 5.
func goldenPage(t *testing.T) (string, *Report) {
	t.Helper()
	golden.once.Do(func() {
		// Build fails the first test with t.Fatal; later ones see this.
		golden.err = errors.New("the golden warehouse could not be built: see the first test that failed")
		cfg := testwarehouse.Build(t, "../../testdata/golden/review_timeliness/source", "2024-06-30", "")
		db, err := warehouse.Open(cfg)
		if err != nil {
			golden.err = err
			return
		}
		defer db.Close()
		opts := OptionsFromConfig(cfg)
		opts.Now = goldenNow
		r, err := Build(context.Background(), db, opts)
		if err != nil {
			golden.err = err
			return
		}
		var b bytes.Buffer
		golden.err = r.Render(&b)
		golden.page, golden.r = b.String(), r
	})
	if golden.err != nil {
		t.Fatal(golden.err)
	}
	return golden.page, golden.r
}

// kpiCells reads the KPI table: for each row (data-kpi), its cells by
// class.
func kpiCells(t *testing.T, page string) map[string]map[string]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	walk(doc, func(n *html.Node) {
		if n.Data != "tr" || attr(n, "data-kpi") == "" {
			return
		}
		cells := map[string]string{}
		walk(n, func(c *html.Node) {
			if c == n || c.Type != html.ElementNode {
				return
			}
			for _, class := range strings.Fields(attr(c, "class")) {
				if _, seen := cells[class]; !seen {
					cells[class] = text(c)
				}
			}
			if c.Data == "th" {
				cells["name"] = text(c)
			}
		})
		if _, ok := cells["basis"]; !ok {
			cells["basis"] = "–"
		}
		out[attr(n, "data-kpi")] = cells
	})
	return out
}

// TestGoldenReportKPIs checks every KPI of the catalogue is in the table,
// and that each figure of 2023-24 is the value worked out by hand in
// testdata/golden/review_timeliness/README.md (board KPIs section), with
// the suppression testdata/golden/report/README.md works through.
func TestGoldenReportKPIs(t *testing.T) {
	page, r := goldenPage(t)
	if r.Year != "2023-24" || r.PreviousYear != "2022-23" {
		t.Fatalf("report year %s (previous %s), want 2023-24 (2022-23)", r.Year, r.PreviousYear)
	}
	rows := kpiCells(t, page)
	for _, code := range catalogueCodes(t) {
		if _, ok := rows[code]; !ok {
			t.Errorf("KPI %s is not in the KPI table", code)
		}
	}
	type want struct{ value, basis, last, target, change, rag string }
	wants := map[string]want{
		// 17 / 21 = 81.0%; 2022-23 8 / 9 = 88.9%; 81.0 - 88.9 = -7.9
		// points; 14 points under the 95% target: red.
		"LAC_REVIEWS_ON_TIME": {"81.0%", "17 of 21", "88.9%", "95%", "▼ down 7.9 pts, worse", "Red"},
		// 7 / 11 = 63.6%, red against 90%; 2022-23 was 3 / 4: both
		// counts under 5, so not shown, and no change either.
		"LAC_CHILDREN_ALL_REVIEWS_ON_TIME": {"63.6%", "7 of 11", "*", "90%", "–", "Red"},
		// 1 / 10: the 1 is suppressed, so the value and its RAG are; the
		// 2022-23 figure 0 / 4 has a denominator of 4.
		"LAC_REVIEWS_OVERDUE": {"*", "* of 10", "*", "0%", "–", "*"},
		// 18 / 19 = 94.7%, 0.3 points under 95%: amber; 2022-23 9 / 9.
		"LAC_PARTICIPATION": {"94.7%", "18 of 19", "100.0%", "95%", "▼ down 5.3 pts, worse", "Amber"},
		// 3 / 19 conveyed views without attending: 3 is suppressed, and
		// then 15 / 19 attended must be too, or 18 - 15 would give it
		// away (secondary suppression); likewise 2022-23's 1 and 8 of 9.
		"LAC_PARTICIPATION_DIRECT":   {"*", "* of 19", "*", "60%", "–", "*"},
		"LAC_PARTICIPATION_INDIRECT": {"*", "* of 19", "*", "30%", "–", "*"},
		// No child protection records in the fixture: nothing measured.
		"CP_REVIEWS_ON_TIME": {"none in the year", "–", "–", "95%", "–", "–"},
	}
	for code, w := range wants {
		got := rows[code]
		for field, pair := range map[string][2]string{
			"value": {w.value, got["value"]}, "basis": {w.basis, got["basis"]}, "last": {w.last, got["last"]},
			"target": {w.target, got["target"]}, "change": {w.change, got["change"]}, "rag": {w.rag, got["rag"]},
		} {
			if pair[0] != pair[1] {
				t.Errorf("%s %s = %q, want %q", code, field, pair[1], pair[0])
			}
		}
	}
}

// TestGoldenReportSentences checks the executive summary is written from
// the data.
func TestGoldenReportSentences(t *testing.T) {
	page, _ := goldenPage(t)
	page = html.UnescapeString(page)
	for _, want := range []string{
		"81.0% of looked after children's reviews were held within statutory timescales (17 of 21), down from 88.9% last year, which is worse. This misses the target of 95% (red).",
		"Children aged 4 and over took part in 94.7% of their reviews, in person or by conveying their views (18 of 19), down from 100.0% last year, which is worse. This narrowly misses the target of 95% (amber).",
		"In 2023-24, 21 looked after children's reviews were held.",
		"On 31 March 2024, 10 children were looked after.",
		"1 April 2023 to 31 March 2024",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// TestGoldenReportIsSelfContained checks the page fetches nothing and
// runs nothing.
func TestGoldenReportIsSelfContained(t *testing.T) {
	page, _ := goldenPage(t)
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "script", "iframe", "object", "embed", "link", "img", "base":
			t.Errorf("report has a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("<%s %s=...>: an event handler is script", n.Data, a.Key)
			}
			v := strings.ToLower(strings.TrimSpace(a.Val))
			if (a.Key == "href" || a.Key == "src" || a.Key == "xlink:href" || a.Key == "action") && !strings.HasPrefix(v, "#") {
				t.Errorf("<%s %s=%q> points outside the page", n.Data, a.Key, a.Val)
			}
		}
	})
	for _, re := range []string{`(?i)https?://`, `(?i)@import`, `(?i)url\(`, `(?i)javascript:`, `(?i)<script`} {
		if loc := regexp.MustCompile(re).FindStringIndex(page); loc != nil {
			t.Errorf("report contains %s: ...%s...", re, page[max(0, loc[0]-40):min(len(page), loc[1]+40)])
		}
	}
	if !strings.Contains(page, "@page") || !strings.Contains(page, "size: A4") {
		t.Error("report has no A4 print styles")
	}
}

// TestGoldenReportSaysWhatIsSuppressed checks the notes list the
// suppressed figures and every chart with a table says so too.
func TestGoldenReportSaysWhatIsSuppressed(t *testing.T) {
	page, r := goldenPage(t)
	for _, want := range []string{
		"KPI table: Children with an overdue review, 2023-24",
		"KPI table: Children attending their reviews, 2023-24",
		"KPI table: Children whose reviews were all on time, 2022-23",
	} {
		if !containsString(r.Suppressed, want) {
			t.Errorf("suppressed list lacks %q: %q", want, r.Suppressed)
		}
	}
	if !strings.Contains(page, "could identify a child") {
		t.Error("report does not say why figures are suppressed")
	}
	// Reviews held in each month of 2023-24 (README of the golden case),
	// held / on time: May R04-1, R13-2 2/2; June R09-5 (late) 1/0; July
	// R01-1, R02-1 (late), R03-3, R06-4, R11-1 5/4; August R04-2, R05-1
	// 2/2; October R01-2, R07-1 (late), R10-1 3/2; November R05-2, R13-3
	// 2/2; December R09-6 1/1; January R03-4, R06-5, R07-2, R10-2 (late)
	// 4/3; February R04-3 1/1; none in April, September, March: 21 / 17.
	// July is the threshold's boundary: 5 held is shown, 4 on time is
	// not, nor its percentage; zeros are shown. No month has both counts
	// shown, so the chart is withheld.
	monthly := r.Figures[0]
	if monthly.Chart != "" || !strings.Contains(monthly.Note, "suppressed") {
		t.Errorf("monthly figure should be withheld whole, got note %q", monthly.Note)
	}
	want := map[string]string{
		"April 2023": "0|0|–", "May 2023": "*|*|*", "June 2023": "*|0|*", "July 2023": "5|*|*",
		"August 2023": "*|*|*", "September 2023": "0|0|–", "October 2023": "*|*|*", "November 2023": "*|*|*",
		"December 2023": "*|*|*", "January 2024": "*|*|*", "February 2024": "*|*|*", "March 2024": "0|0|–",
	}
	if len(monthly.Table.Rows) != 12 {
		t.Errorf("%d months, want 12", len(monthly.Table.Rows))
	}
	for _, row := range monthly.Table.Rows {
		if got := strings.Join(row[1:], "|"); got != want[row[0]] {
			t.Errorf("%s: held|on time|%% = %s, want %s", row[0], got, want[row[0]])
		}
	}
}

func catalogueCodes(t *testing.T) []string {
	t.Helper()
	_, r := goldenPage(t)
	var codes []string
	for _, g := range r.Definitions {
		for _, k := range g.KPIs {
			codes = append(codes, k.Code)
		}
	}
	if len(codes) < 30 {
		t.Fatalf("only %d KPIs in the definitions appendix", len(codes))
	}
	return codes
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text is a node's text with white space collapsed, without the KPI
// name's "higher is better" line.
func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode && !(c.Parent != nil && attr(c.Parent, "class") == "direction") {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
