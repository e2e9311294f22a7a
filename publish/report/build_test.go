package report

import (
	"bytes"
	"database/sql"
	"strings"
	"testing"
	"time"
)

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func some(v float64) sql.NullFloat64 { return sql.NullFloat64{Float64: v, Valid: true} }
func rag(s string) sql.NullString    { return sql.NullString{String: s, Valid: true} }
func share(n, d float64) sql.NullFloat64 {
	if d == 0 {
		return sql.NullFloat64{}
	}
	return some(n / d)
}

// shareKPI makes a share KPI from this year's and last year's counts.
func shareKPI(code, better string, n, d, pn, pd float64, target float64, r string) kpi {
	k := kpi{Code: code, Name: code, Area: "reviews", Unit: unitShare, Better: better, Available: true,
		Numerator: n, Denominator: d, Value: share(n, d), Target: some(target), RAG: rag(r),
		PrevAvailable: true, PrevNumerator: some(pn), PrevDenominator: some(pd), PrevValue: share(pn, pd)}
	return k
}

// boundaryData has counts either side of the default threshold of 5.
func boundaryData() *data {
	return &data{
		Year:     year{Label: "2025-26", Start: date("2025-04-01"), End: date("2026-03-31"), EvalEnd: date("2026-03-31"), Complete: true},
		Previous: &year{Label: "2024-25", Start: date("2024-04-01"), End: date("2025-03-31"), EvalEnd: date("2025-03-31"), Complete: true},
		AsOf:     date("2026-05-01"),
		RunID:    "run-1",
		KPIs: []kpi{
			shareKPI("SHOWN_AT_5", "higher", 5, 20, 40, 50, 0.5, "red"),  // 25.0%, was 80.0%
			shareKPI("HIDDEN_AT_4", "higher", 4, 20, 10, 20, 0.5, "red"), // numerator 4
			shareKPI("DEN_AT_4", "higher", 4, 4, 5, 5, 0.5, "green"),     // denominator 4
			shareKPI("LAST_HIDDEN", "lower", 10, 20, 1, 20, 0.1, "red"),  // last year's 1
			shareKPI("ZERO_SHOWN", "lower", 0, 20, 0, 30, 0, "green"),    // 0 is shown
			shareKPI("UNCHANGED", "higher", 50, 100, 100, 200, 0.4, "green"),
			{Code: "NOT_AVAILABLE", Name: "Not available", Area: "midpoint", Unit: unitShare, Better: "higher",
				Target: some(0.85)},
			{Code: "AVG_DAYS", Name: "Average days", Area: "adoption", Unit: unitDays, Better: "lower", Available: true,
				Numerator: 2000, Denominator: 4, Value: some(500), Target: some(426), RAG: rag("red")},
			{Code: "IRO_ABOVE_CASELOAD_MAX", Name: "IROs above max", Area: "caseload", Unit: unitShare, Better: "lower", Available: true,
				Numerator: 2, Denominator: 40, Value: some(0.05), Target: some(0), RAG: rag("red")},
		},
		Months: []month{
			{Start: date("2025-04-01"), Held: 5, OnTime: 5},
			{Start: date("2025-05-01"), Held: 4, OnTime: 4},
			{Start: date("2025-06-01"), Held: 20, OnTime: 18},
			{Start: date("2025-07-01"), Held: 0, OnTime: 0},
		},
		Participation: []labelled{{"PN1", 30}, {"PN2", 4}, {"PN5", 5}, {"PN7", 12}},
		Midpoint:      []team{{"North", 5, 5}, {"South", 4, 10}, {"East", 30, 40}},
		Challenges: []category{
			{"care_plan", 5, some(4)}, {"health", 4, some(6)}, {"drift", 20, some(20)},
		},
		Outcomes: []outcome{
			{"adoption", 5, 40, true}, {"special_guardianship", 4, 40, true}, {"other", 31, 40, false},
		},
		Adoption: []adoption{
			{Basis: "year", A1Children: 4, A1Days: some(500), A10Children: 4, A10Days: some(400), A2Children: 4, A2Days: some(100),
				A1Threshold: 426, A2Threshold: 121, A3WaitDays: 426},
			{Basis: "3_years", A1Children: 5, A1Days: some(450), A10Children: 5, A10Days: some(420), A2Children: 5, A2Days: some(130),
				A1Threshold: 426, A2Threshold: 121, A3WaitDays: 426},
		},
	}
}

func buildBoundary(t *testing.T) (*Report, string) {
	t.Helper()
	r := build(boundaryData(), Options{SuppressBelow: 5, Headlines: []string{"SHOWN_AT_5", "HIDDEN_AT_4", "LAST_HIDDEN", "NOT_AVAILABLE", "UNCHANGED"}, Now: date("2026-05-02")})
	var b bytes.Buffer
	if err := r.Render(&b); err != nil {
		t.Fatal(err)
	}
	return r, b.String()
}

func row(t *testing.T, r *Report, code string) KPIRow {
	t.Helper()
	for _, a := range r.Areas {
		for _, k := range a.KPIs {
			if k.Code == code {
				return k
			}
		}
	}
	t.Fatalf("no KPI %s in the table", code)
	return KPIRow{}
}

// TestSuppressionBoundaryInKPITable: at the default threshold a count of 5
// is shown and 4 is not; a value, change and RAG worked out from a
// hidden count are hidden; zero is shown; staff counts are not
// suppressed.
func TestSuppressionBoundaryInKPITable(t *testing.T) {
	r, _ := buildBoundary(t)
	for _, c := range []struct {
		code                               string
		this, basis, last, change, ragText string
	}{
		{"SHOWN_AT_5", "25.0%", "5 of 20", "80.0%", "▼ down 55.0 pts, worse", "Red"},
		{"HIDDEN_AT_4", "*", "* of 20", "50.0%", "–", "*"},
		{"DEN_AT_4", "*", "* of *", "100.0%", "–", "*"},
		{"LAST_HIDDEN", "50.0%", "10 of 20", "*", "–", "Red"},
		{"ZERO_SHOWN", "0.0%", "0 of 20", "0.0%", "unchanged", "Green"},
		{"UNCHANGED", "50.0%", "50 of 100", "50.0%", "unchanged", "Green"},
		{"AVG_DAYS", "*", "* children", "–", "–", "*"},
		{"IRO_ABOVE_CASELOAD_MAX", "5.0%", "2 of 40", "–", "–", "Red"},
		{"NOT_AVAILABLE", notAvailable, "", "", "", ""},
	} {
		got := row(t, r, c.code)
		if got.This != c.this || got.Basis != c.basis || got.Last != c.last || got.Change != c.change || got.RAG != c.ragText {
			t.Errorf("%s = %q %q %q %q %q, want %q %q %q %q %q", c.code,
				got.This, got.Basis, got.Last, got.Change, got.RAG, c.this, c.basis, c.last, c.change, c.ragText)
		}
	}
}

// TestSuppressionBoundaryInFigures: the same threshold in every chart and
// its table, with secondary suppression in breakdowns.
func TestSuppressionBoundaryInFigures(t *testing.T) {
	r, page := buildBoundary(t)
	figure := func(id string) Figure {
		for _, f := range r.Figures {
			if f.ID == id {
				return f
			}
		}
		t.Fatalf("no figure %s", id)
		return Figure{}
	}
	cases := map[string][][]string{
		// Held: May's 4 is hidden, and the next smallest, April's 5, too,
		// or 29 - 20 - 5 would give May away; July's zero is shown. On
		// time the same: May's 4, then April's 5.
		"fig-monthly": {
			{"April 2025", "*", "*", "*"}, {"May 2025", "*", "*", "*"}, {"June 2025", "20", "18", "90.0%"}, {"July 2025", "0", "0", "–"},
		},
		// PN2's 4 hidden, then the smallest other (PN5's 5) too.
		"fig-participation": {
			{"PN1", "attended and spoke for themselves", "30", "58.8%"}, {"PN2", "attended; an advocate or the IRO conveyed their views", "*", "*"},
			{"PN5", "did not attend; briefed an advocate or the IRO", "*", "*"}, {"PN7", "did not attend; views not conveyed", "12", "23.5%"},
		},
		// South's 4 monitored hidden, then North's 5; intervals: none
		// under 5, so all shown; a team's share is hidden with either.
		"fig-midpoint": {
			{"North", "5", "*", "*"}, {"South", "10", "*", "*"}, {"East", "40", "30", "75.0%"},
		},
		// This year: health's 4 hidden, then care plan's 5. Last year: care
		// plan's 4 hidden, then health's 6.
		"fig-challenges": {
			{"Care plan", "*", "*"}, {"Health", "*", "*"}, {"Drift and delay", "20", "20"},
		},
		"fig-outcomes": {
			{"Adoption", "*", "*"}, {"Special guardianship order", "*", "*"}, {"Other reasons", "31", "77.5%"},
		},
		// The year's averages rest on 4 children: hidden; the 3-year ones
		// on 5: shown.
		"fig-adoption": {
			{"A1 entering care to moving in", "2025-26", "*", "*", "426 days"},
			{"A1 entering care to moving in", "3 years to 2025-26", "450", "5", "426 days"},
			{"A10 to moving in with the family who adopted", "2025-26", "*", "*", "426 days"},
			{"A10 to moving in with the family who adopted", "3 years to 2025-26", "420", "5", "426 days"},
			{"A2 placement order to match", "2025-26", "*", "*", "121 days"},
			{"A2 placement order to match", "3 years to 2025-26", "130", "5", "121 days"},
		},
	}
	for id, want := range cases {
		got := figure(id).Table.Rows
		if len(got) != len(want) {
			t.Errorf("%s has %d rows, want %d: %q", id, len(got), len(want), got)
			continue
		}
		for i := range want {
			if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
				t.Errorf("%s row %d = %q, want %q", id, i, got[i], want[i])
			}
		}
	}
	// A hidden bar is not drawn: its label says "*" instead.
	midpoint := string(figure("fig-midpoint").Chart)
	if n := strings.Count(midpoint, "<rect"); n != 1 {
		t.Errorf("mid-point chart draws %d bars, want 1 (East's; North and South are suppressed)", n)
	}
	if !strings.Contains(midpoint, ">*</text>") {
		t.Error("mid-point chart does not mark the suppressed teams")
	}
	for _, want := range []string{"Figure: mid-point monitoring for 2 teams", "KPI table: HIDDEN_AT_4, 2025-26", "KPI table: LAST_HIDDEN, 2024-25"} {
		if !strings.Contains(page, want) {
			t.Errorf("notes lack %q", want)
		}
	}
}

// TestSentences checks the headline sentences' direction words against
// each KPI's better direction, and the wording when last year is missing,
// suppressed or the KPI is not available.
func TestSentences(t *testing.T) {
	r, _ := buildBoundary(t)
	var got []string
	for _, h := range r.Headlines {
		got = append(got, h.Sentence)
	}
	want := []string{
		"SHOWN_AT_5: 25.0% (5 of 20), down from 80.0% last year, which is worse. This misses the target of 50% (red).",
		"HIDDEN_AT_4: the figure for 2025-26 is not shown, because it rests on a number below 5, which could identify a child.",
		"LAST_HIDDEN: 50.0% (10 of 20), against a figure for 2024-25 too small to publish. This misses the target of 10% (red).",
		"Not available: not available from this source.",
		"UNCHANGED: 50.0% (50 of 100), unchanged from last year. This meets the target of 40% (green).",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sentences:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	d := boundaryData()
	d.KPIs = []kpi{
		shareKPI("LAC_REVIEWS_OVERDUE", "lower", 30, 100, 20, 100, 0.05, "red"),
		shareKPI("LAC_REVIEWS_ON_TIME", "higher", 90, 100, 80, 100, 0.88, "green"),
		shareKPI("MIDPOINT_MONITORED", "higher", 80, 100, 90, 100, 0.82, "amber"),
	}
	d.Previous = nil
	d.KPIs[2].PrevAvailable = false
	r = build(d, Options{Headlines: []string{"LAC_REVIEWS_OVERDUE", "LAC_REVIEWS_ON_TIME", "MIDPOINT_MONITORED"}})
	want = []string{
		"30.0% of children looked after at the year's end were waiting for an overdue review (30 of 100), with no figure for last year to compare. This misses the target of 5% (red).",
		"90.0% of looked after children's reviews were held within statutory timescales (90 of 100), with no figure for last year to compare. This meets the target of 88% (green).",
		"IROs recorded mid-point monitoring in 80.0% of the intervals between reviews (80 of 100), with no figure for last year to compare. This narrowly misses the target of 82% (amber).",
	}
	for i, h := range r.Headlines {
		if h.Sentence != want[i] {
			t.Errorf("sentence %d = %q\nwant %q", i, h.Sentence, want[i])
		}
	}

	// Up is worse when lower is better.
	d = boundaryData()
	d.KPIs = []kpi{shareKPI("LAC_REVIEWS_OVERDUE", "lower", 30, 100, 20, 100, 0.05, "red")}
	r = build(d, Options{Headlines: []string{"LAC_REVIEWS_OVERDUE"}})
	if s := r.Headlines[0].Sentence; !strings.Contains(s, "up from 20.0% last year, which is worse") {
		t.Errorf("lower-is-better KPI going up: %q", s)
	}
	d.KPIs = []kpi{shareKPI("LAC_REVIEWS_OVERDUE", "lower", 10, 100, 20, 100, 0.05, "red")}
	r = build(d, Options{Headlines: []string{"LAC_REVIEWS_OVERDUE"}})
	if s := r.Headlines[0].Sentence; !strings.Contains(s, "down from 20.0% last year, which is better") {
		t.Errorf("lower-is-better KPI going down: %q", s)
	}
}

// TestSecondarySuppressionOfAdditiveKPIs: participation = attended +
// conveyed views; hiding only one of the three would let it be worked
// out.
func TestSecondarySuppressionOfAdditiveKPIs(t *testing.T) {
	d := boundaryData()
	d.KPIs = []kpi{
		shareKPI("LAC_PARTICIPATION", "higher", 50, 60, 50, 60, 0.9, "red"),
		shareKPI("LAC_PARTICIPATION_DIRECT", "higher", 46, 60, 40, 60, 0.6, "green"),
		shareKPI("LAC_PARTICIPATION_INDIRECT", "higher", 4, 60, 10, 60, 0.3, "red"),
	}
	r := build(d, Options{})
	if got := row(t, r, "LAC_PARTICIPATION_DIRECT").This; got != Suppressed {
		t.Errorf("attended = %q: with conveyed views (4) hidden, the smaller of 50 and 46 must be hidden too", got)
	}
	if got := row(t, r, "LAC_PARTICIPATION").This; got != "83.3%" {
		t.Errorf("participation = %q, want 83.3%%", got)
	}
	if got := row(t, r, "LAC_PARTICIPATION_DIRECT").Last; got != "66.7%" {
		t.Errorf("last year's attended = %q: nothing was hidden last year", got)
	}
}

func TestSuppressorBreakdown(t *testing.T) {
	s := &suppressor{below: 5}
	for _, c := range []struct {
		counts []float64
		want   string
	}{
		{[]float64{5, 6, 7}, "---"},
		{[]float64{4, 6, 7}, "HH-"},        // 4 and the next smallest
		{[]float64{4, 3, 7}, "HH-"},        // two hidden: enough
		{[]float64{4, 0, 0}, "H--"},        // nothing else to hide
		{[]float64{0, 1, 9, 8}, "-H-H"},    // zeros are never hidden
		{[]float64{10, 2, 10, 30}, "HH--"}, // ties: the first
	} {
		var b strings.Builder
		for _, h := range s.breakdown(c.counts) {
			if h {
				b.WriteByte('H')
			} else {
				b.WriteByte('-')
			}
		}
		if b.String() != c.want {
			t.Errorf("breakdown(%v) = %s, want %s", c.counts, b.String(), c.want)
		}
	}
	if s.hides(0) || s.hides(5) || !s.hides(1) || !s.hides(4) {
		t.Error("hides: want 1–4 hidden, 0 and 5 shown")
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{count(1234567), "1,234,567"}, {count(45.2), "45.2"}, {count(0), "0"},
		{formatValue(0.94022, unitShare), "94.0%"}, {formatValue(0.18225, unitPer100), "18.2 per 100"},
		{formatValue(465.4, unitDays), "465 days"}, {formatValue(46.748, unitRatio), "46.7"},
		{formatTarget(0.95, unitShare), "95%"}, {formatTarget(0.955, unitShare), "95.5%"}, {formatTarget(426, unitDays), "426 days"},
		{formatValue(1.2, unitDays), "1 day"}, {formatValue(0.4, unitDays), "0 days"}, {formatDifference(-1, unitDays), "1 day"},
		{dayCount(1096), "1,096 days"}, {dayCount(2.5), "2.5 days"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
