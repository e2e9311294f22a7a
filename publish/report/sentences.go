package report

import (
	"fmt"
	"strings"
)

// phrases word a headline KPI as the start of a sentence. {v} is the value
// as shown, {basis} what it rests on, {n} the numerator. A KPI without a
// phrase is written as "<name>: {v} ({basis})".
var phrases = map[string]string{
	"LAC_REVIEWS_ON_TIME":              "{v} of looked after children's reviews were held within statutory timescales ({basis})",
	"LAC_CHILDREN_ALL_REVIEWS_ON_TIME": "{v} of children looked after for four weeks or more had every review on time ({basis})",
	"LAC_REVIEWS_OVERDUE":              "{v} of children looked after at the year's end were waiting for an overdue review ({basis})",
	"LAC_PARTICIPATION":                "Children aged 4 and over took part in {v} of their reviews, in person or by conveying their views ({basis})",
	"LAC_PARTICIPATION_DIRECT":         "Children aged 4 and over attended {v} of their reviews ({basis})",
	"LAC_PARTICIPATION_INDIRECT":       "Children aged 4 and over conveyed their views without attending at {v} of their reviews ({basis})",
	"CP_ICPC_ON_TIME":                  "{v} of initial child protection conferences were held within 15 working days of the strategy discussion ({basis})",
	"CP_REVIEWS_ON_TIME":               "{v} of child protection review conferences were held on time ({basis})",
	"CP_CHILDREN_ALL_REVIEWS_ON_TIME":  "{v} of children on a child protection plan for three months or more had every review on time ({basis})",
	"MIDPOINT_MONITORED":               "IROs recorded mid-point monitoring in {v} of the intervals between reviews ({basis})",
	"HEALTH_ASSESSMENT_IN_DATE":        "{v} of children looked after for a year or more had an up-to-date health assessment ({basis})",
	"DENTAL_CHECK_IN_YEAR":             "{v} of children looked after for a year or more had a dental check in the year ({basis})",
	"HEALTH_IHA_ON_TIME":               "{v} of children starting to be looked after had their initial health assessment within 20 working days ({basis})",
	"PEP_INITIATED_ON_TIME":            "{v} of school-age children starting to be looked after had a personal education plan within 10 working days ({basis})",
	"PEP_REVIEW_THIS_TERM":             "{v} of school-age children looked after had their personal education plan reviewed this term ({basis})",
	"PERMANENCE_LEGAL":                 "{v} of children who left care did so through adoption, special guardianship or a child arrangements order ({basis})",
	"PERMANENCE_INCL_RETURN_HOME":      "{v} of children who left care achieved legal permanence or a planned return home ({basis})",
	"PERMANENCE_PLAN_BY_REVIEW_2":      "{v} of children had a permanence plan by their second review ({basis})",
	"ADOPTION_A1_AVG_DAYS":             "Children adopted waited on average {v} from entering care to moving in with their adoptive family ({basis})",
	"ADOPTION_A2_AVG_DAYS":             "Children adopted waited on average {v} from the placement order to being matched with their adopters ({basis})",
	"STABILITY_SHORT_TERM":             "{v} of children looked after at the year's end had three or more placements in the year ({basis})",
	"STABILITY_LONG_TERM":              "{v} of children in long-term care had been with the same carer for two years ({basis})",
	"CHALLENGES_RAISED":                "IROs raised {n} challenges, {v} looked after children",
	"CHALLENGES_FORMAL_IN_20_WD":       "{v} of formal IRO challenges were closed within 20 working days ({basis})",
	"AUDIT_IRO_GOOD_OR_BETTER":         "Case audits graded the IRO's role good or outstanding in {v} of cases ({basis})",
	"IRO_LAC_PER_FTE":                  "Each full-time IRO was responsible for {v} looked after children on average ({basis})",
}

// headlineSentences writes a sentence about each headline KPI, from the
// data: its value, how it moved since last year and whether that is
// better, and how it stands against its target.
func (b *builder) headlineSentences() []Headline {
	var out []Headline
	for _, code := range b.opts.Headlines {
		if k := b.kpi(code); k != nil {
			out = append(out, Headline{KPIRow: b.kpiRow(k), Sentence: b.sentence(k)})
		}
	}
	return out
}

// sentence words one KPI.
func (b *builder) sentence(k *kpiView) string {
	switch {
	case !k.Available:
		return fmt.Sprintf("%s: %s.", k.Name, notAvailable)
	case k.hidden:
		return fmt.Sprintf("%s: the figure for %s is not shown, because it rests on a number below %d, which could identify a child.",
			k.Name, b.d.Year.Label, b.opts.SuppressBelow)
	case !k.Value.Valid:
		return fmt.Sprintf("%s: there was nothing to measure in %s.", k.Name, b.d.Year.Label)
	}
	phrase, ok := phrases[k.Code]
	if !ok {
		phrase = k.Name + ": {v} ({basis})"
	}
	s := strings.NewReplacer(
		"{v}", formatValue(k.Value.Float64, k.Unit),
		"{basis}", b.basis(k),
		"{n}", b.s.count(k.Numerator),
	).Replace(phrase)
	s += b.comparison(k) + "."
	if t := b.targetClause(k); t != "" {
		s += " " + t
	}
	return s
}

// comparison words the move since last year: up, down or unchanged, and
// whether that is better or worse.
func (b *builder) comparison(k *kpiView) string {
	switch {
	case b.d.Previous == nil || !k.PrevAvailable || !k.PrevValue.Valid:
		return ", with no figure for last year to compare"
	case k.prevHidden:
		return fmt.Sprintf(", against a figure for %s too small to publish", b.d.Previous.Label)
	}
	last := formatValue(k.PrevValue.Float64, k.Unit)
	diff := shown(k.Value.Float64, k.Unit) - shown(k.PrevValue.Float64, k.Unit)
	switch {
	case diff == 0:
		return ", unchanged from last year"
	case (diff > 0) == (k.Better == "higher"):
		return fmt.Sprintf(", %s from %s last year, which is better", upDown(diff), last)
	default:
		return fmt.Sprintf(", %s from %s last year, which is worse", upDown(diff), last)
	}
}

func upDown(diff float64) string {
	if diff > 0 {
		return "up"
	}
	return "down"
}

// targetClause words how the value stands against its target.
func (b *builder) targetClause(k *kpiView) string {
	if !k.Target.Valid || !k.RAG.Valid {
		return ""
	}
	target := formatTarget(k.Target.Float64, k.Unit)
	switch k.RAG.String {
	case "green":
		return fmt.Sprintf("This meets the target of %s (green).", target)
	case "amber":
		return fmt.Sprintf("This narrowly misses the target of %s (amber).", target)
	default:
		return fmt.Sprintf("This misses the target of %s (red).", target)
	}
}

// contextSentences describe the service in the year from the KPIs'
// denominators: reviews chaired, children looked after, IROs and their
// caseloads.
func (b *builder) contextSentences() []string {
	var out []string
	var chaired []string
	add := func(code, what string) {
		if k := b.kpi(code); k != nil && k.Available && k.Denominator > 0 && !k.denHidden {
			chaired = append(chaired, count(k.Denominator)+" "+what)
		}
	}
	// reviews held: those assessed for timeliness and those that could not be
	if k := b.kpi("LAC_REVIEWS_ON_TIME"); k != nil && k.Available && b.d.NotAssessable > 0 {
		if held := k.Denominator + b.d.NotAssessable; !b.s.hides(held) {
			chaired = append(chaired, count(held)+" looked after children's reviews")
		}
	} else {
		add("LAC_REVIEWS_ON_TIME", "looked after children's reviews")
	}
	add("CP_ICPC_ON_TIME", "initial child protection conferences")
	add("CP_REVIEWS_ON_TIME", "child protection review conferences")
	if len(chaired) > 0 {
		verb := "were held"
		if !b.d.Year.Complete {
			verb = "have been held so far"
		}
		out = append(out, fmt.Sprintf("In %s, %s %s.", b.d.Year.Label, joinAnd(chaired), verb))
	}
	if s := b.notAssessableSentence(); s != "" {
		out = append(out, s)
	}
	date := longDate(b.d.Year.EvalEnd)
	if k := b.kpi("LAC_REVIEWS_OVERDUE"); k != nil && k.Available && k.Denominator > 0 && !k.denHidden {
		out = append(out, fmt.Sprintf("On %s, %s children were looked after.", date, count(k.Denominator)))
	}
	if k := b.kpi("IRO_LAC_PER_FTE"); k != nil && k.hasValue() {
		s := fmt.Sprintf("The service had %s full-time-equivalent IROs, each responsible for %s looked after children on average",
			count(k.Denominator), formatValue(k.Value.Float64, k.Unit))
		if k.Target.Valid {
			s += fmt.Sprintf(" (the IRO Handbook's range is 50 to %s)", formatTarget(k.Target.Float64, k.Unit))
		}
		if cp := b.kpi("IRO_CP_PER_FTE"); cp != nil && cp.hasValue() {
			s += fmt.Sprintf(", and for %s children on child protection plans", formatValue(cp.Value.Float64, cp.Unit))
		}
		out = append(out, s+".")
	}
	return out
}

// overviewSentences sum up the KPI table: how many KPIs met their
// targets, and how many moved for the better since last year.
func (b *builder) overviewSentences() []string {
	var green, amber, red, better, worse, same int
	for _, k := range b.d.KPIs {
		v := b.kpi(k.Code)
		if v.hasValue() && v.Target.Valid && v.RAG.Valid {
			switch v.RAG.String {
			case "green":
				green++
			case "amber":
				amber++
			case "red":
				red++
			}
		}
		switch _, class := b.change(v); class {
		case "better":
			better++
		case "worse":
			worse++
		case "same":
			same++
		}
	}
	var out []string
	if rated := green + amber + red; rated > 0 {
		out = append(out, fmt.Sprintf("Of the %d measures with a target, %s met it (green), %s narrowly missed it (amber) and %s missed it (red).",
			rated, number(green), number(amber), number(red)))
	}
	if compared := better + worse + same; compared > 0 {
		s := fmt.Sprintf("Compared with %s, %s of %d measures improved and %s got worse", b.d.Previous.Label, number(better), compared, number(worse))
		if same > 0 {
			s += fmt.Sprintf("; %s did not change", number(same))
		}
		out = append(out, s+".")
	}
	return out
}

// number writes a count in prose: numerals, as GOV.UK style does, and
// "none" for 0.
func number(n int) string {
	if n == 0 {
		return "none"
	}
	return fmt.Sprint(n)
}

// joinAnd joins items as a list in prose: "a, b and c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	default:
		return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
	}
}
