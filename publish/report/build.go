package report

import (
	"cmp"
	"slices"
	"strings"

	"carewh/config"
)

// builder turns the warehouse's rows into the report, suppressing as it
// goes.
type builder struct {
	d    *data
	opts Options
	s    *suppressor
	// kpis by code, with what is hidden of each.
	kpis map[string]*kpiView
}

// kpiView is a KPI with its suppression worked out.
type kpiView struct {
	kpi
	// hidden: this year's value (and so its RAG and change) is not shown;
	// prevHidden: last year's.
	hidden, prevHidden bool
	// numHidden, denHidden: which counts of this year are not shown.
	numHidden, denHidden bool
}

// hasValue reports whether this year's value can be shown.
func (k *kpiView) hasValue() bool { return k.Available && k.Value.Valid && !k.hidden }

// hasPrevious reports whether last year's value can be shown.
func (k *kpiView) hasPrevious() bool { return k.PrevAvailable && k.PrevValue.Valid && !k.prevHidden }

func build(d *data, opts Options) *Report {
	if opts.SuppressBelow < 2 {
		opts.SuppressBelow = 5
	}
	b := &builder{d: d, opts: opts, s: &suppressor{below: opts.SuppressBelow}, kpis: map[string]*kpiView{}}
	b.suppressKPIs()
	r := &Report{
		Title:     opts.Title,
		Council:   opts.Council,
		Year:      d.Year.Label,
		Period:    longDate(d.Year.Start) + " to " + longDate(d.Year.End),
		Complete:  d.Year.Complete,
		YearEnd:   longDate(d.Year.EvalEnd),
		AsOf:      longDate(d.AsOf),
		RunID:     d.RunID,
		Generated: opts.Now.Format("2 January 2006 at 15:04"),
		Threshold: opts.SuppressBelow,
	}
	if r.Title == "" {
		r.Title = config.DefaultReportTitle
	}
	if d.Previous != nil {
		r.PreviousYear = d.Previous.Label
	}
	r.Areas = b.kpiTable()
	r.Context = b.contextSentences()
	r.Headlines = b.headlineSentences()
	r.Overview = b.overviewSentences()
	r.Figures = []Figure{
		b.monthlyFigure(), b.participationFigure(), b.midpointFigure(),
		b.challengesFigure(), b.outcomesFigure(), b.adoptionFigure(),
	}
	r.Definitions = b.definitions()
	r.Suppressed = b.s.notes
	return r
}

// countParts says which of a KPI's numerator and denominator count
// children or their reviews (and so may identify a child): none for a KPI
// that counts staff; both for shares and rates; for an average in days,
// the children (denominator), not the total days; for a ratio, the
// children (numerator), not the FTE.
func countParts(code, unit string) (numerator, denominator bool) {
	if staffKPIs[code] {
		return false, false
	}
	switch unit {
	case unitDays:
		return false, true
	case unitRatio:
		return true, false
	default:
		return true, true
	}
}

// staffKPIs count staff, not children: a small number of IROs identifies
// no child, so they are not suppressed.
var staffKPIs = map[string]bool{"IRO_ABOVE_CASELOAD_MAX": true}

// additive lists KPIs whose numerators add up to another's over the same
// denominator (total first): were just one of them suppressed, it could be
// worked out from the others.
var additive = [][]string{
	{"LAC_PARTICIPATION", "LAC_PARTICIPATION_DIRECT", "LAC_PARTICIPATION_INDIRECT"},
}

// suppressKPIs decides which KPI figures are hidden, this year and last.
func (b *builder) suppressKPIs() {
	for _, k := range b.d.KPIs {
		v := &kpiView{kpi: k}
		num, den := countParts(k.Code, k.Unit)
		v.numHidden = num && b.s.hides(k.Numerator)
		v.denHidden = den && b.s.hides(k.Denominator)
		v.hidden = v.numHidden || v.denHidden
		v.prevHidden = (num && b.s.hides(k.PrevNumerator.Float64)) || (den && b.s.hides(k.PrevDenominator.Float64))
		b.kpis[k.Code] = v
	}
	for _, group := range additive {
		b.secondary(group, func(v *kpiView) (float64, *bool) { return v.Numerator, &v.numHidden })
		b.secondary(group, func(v *kpiView) (float64, *bool) { return v.PrevNumerator.Float64, &v.prevHidden })
	}
	for _, k := range b.d.KPIs {
		v := b.kpis[k.Code]
		v.hidden = v.hidden || v.numHidden
		if !v.Available {
			continue
		}
		if v.hidden {
			b.s.note("KPI table: %s, %s", v.Name, b.d.Year.Label)
		}
		if v.prevHidden && v.PrevAvailable && v.PrevValue.Valid && b.d.Previous != nil {
			b.s.note("KPI table: %s, %s", v.Name, b.d.Previous.Label)
		}
	}
}

// secondary hides a second figure of an additive group when exactly one
// is hidden.
func (b *builder) secondary(group []string, part func(*kpiView) (float64, *bool)) {
	var views []*kpiView
	for _, code := range group {
		if v, ok := b.kpis[code]; ok {
			views = append(views, v)
		}
	}
	hiddenCount := 0
	for _, v := range views {
		if _, h := part(v); *h {
			hiddenCount++
		}
	}
	if hiddenCount != 1 {
		return
	}
	var next *kpiView
	nextN := 0.0
	for _, v := range views {
		n, h := part(v)
		if *h || n == 0 {
			continue
		}
		if next == nil || n < nextN {
			next, nextN = v, n
		}
	}
	if next != nil {
		_, h := part(next)
		*h = true
	}
}

// kpi returns the view of a KPI, or nil if the warehouse has no such KPI.
func (b *builder) kpi(code string) *kpiView { return b.kpis[code] }

// areaNames are the KPI table's headings for marts.kpi_definitions.area.
var areaNames = map[string]string{
	"reviews":       "Looked after children's reviews",
	"participation": "Participation in reviews",
	"cp":            "Child protection conferences",
	"midpoint":      "Monitoring between reviews",
	"health":        "Health",
	"education":     "Education",
	"permanence":    "Permanence",
	"adoption":      "Adoption",
	"stability":     "Placement stability",
	"challenges":    "IRO challenges",
	"audit":         "Case audits",
	"caseload":      "IRO caseloads",
}

func areaName(area string) string {
	if n, ok := areaNames[area]; ok {
		return n
	}
	return strings.ToUpper(area[:1]) + strings.ReplaceAll(area[1:], "_", " ")
}

// areaOrder lists the KPIs' areas in the order of each area's first KPI.
func areaOrder[T any](items []T, area func(T) string) []string {
	var out []string
	for _, it := range items {
		if a := area(it); !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// sortedBy returns a sorted copy.
func sortedBy[T any](items []T, key func(T) float64) []T {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	return out
}
