package report

import (
	"strings"
	"testing"
)

// TestNotAssessableReviews: reviews that could not be assessed for
// timeliness count among the reviews held, are said in words, and a small
// number of them is suppressed like any other count.
func TestNotAssessableReviews(t *testing.T) {
	d := boundaryData()
	d.KPIs = []kpi{shareKPI("LAC_REVIEWS_ON_TIME", "higher", 90, 100, 80, 100, 0.88, "green")}
	d.NotAssessable = 12
	r := build(d, Options{Headlines: []string{"LAC_REVIEWS_ON_TIME"}})
	context := strings.Join(r.Context, "\n")
	for _, want := range []string{
		"In 2025-26, 112 looked after children's reviews were held.",
		"12 reviews of children already looked after before the data begins could not be assessed for timeliness; they are not in the on-time figures.",
	} {
		if !strings.Contains(context, want) {
			t.Errorf("context lacks %q:\n%s", want, context)
		}
	}

	d.NotAssessable = 3
	r = build(d, Options{Headlines: []string{"LAC_REVIEWS_ON_TIME"}})
	context = strings.Join(r.Context, "\n")
	if strings.Contains(context, " 3 reviews") || !strings.Contains(context, "Fewer than 5 reviews of children already looked after") {
		t.Errorf("3 reviews not assessable shown, or not said as suppressed:\n%s", context)
	}
	if !strings.Contains(strings.Join(r.Suppressed, "\n"), "could not be assessed") {
		t.Errorf("suppression notes lack the reviews not assessable: %v", r.Suppressed)
	}

	d.NotAssessable = 0
	r = build(d, Options{Headlines: []string{"LAC_REVIEWS_ON_TIME"}})
	context = strings.Join(r.Context, "\n")
	if strings.Contains(context, "could not be assessed") || !strings.Contains(context, "In 2025-26, 100 looked after children's reviews were held.") {
		t.Errorf("with every review assessable:\n%s", context)
	}
}
