package report

import (
	"strings"
)

// notAvailable is what a KPI the source cannot supply shows.
const notAvailable = "not available from this source"

// kpiTable groups every KPI of the year by area, in catalogue order.
func (b *builder) kpiTable() []Area {
	var areas []Area
	for _, area := range areaOrder(b.d.KPIs, func(k kpi) string { return k.Area }) {
		a := Area{Name: areaName(area)}
		for _, k := range b.d.KPIs {
			if k.Area == area {
				a.KPIs = append(a.KPIs, b.kpiRow(b.kpi(k.Code)))
			}
		}
		areas = append(areas, a)
	}
	return areas
}

func (b *builder) kpiRow(k *kpiView) KPIRow {
	row := KPIRow{Code: k.Code, Name: k.Name, Available: k.Available, Better: k.Better + " is better"}
	if k.Target.Valid {
		row.Target = formatTarget(k.Target.Float64, k.Unit)
	} else {
		row.Target = "–"
	}
	if !k.Available {
		row.This, row.Basis, row.Last, row.Change, row.RAG = notAvailable, "", "", "", ""
		return row
	}
	row.This = b.thisValue(k)
	row.NoData = !k.hidden && !k.Value.Valid
	row.Basis = b.basis(k)
	if k.Denominator == 0 {
		row.Basis = "–"
	}
	row.Last = b.lastValue(k)
	row.Change, row.ChangeClass = b.change(k)
	row.RAG, row.RAGClass = b.rag(k)
	return row
}

// thisValue is the year's value as shown.
func (b *builder) thisValue(k *kpiView) string {
	switch {
	case k.hidden:
		return Suppressed
	case !k.Value.Valid:
		return "none in the year"
	default:
		return formatValue(k.Value.Float64, k.Unit)
	}
}

// lastValue is last year's value as shown.
func (b *builder) lastValue(k *kpiView) string {
	switch {
	case b.d.Previous == nil || !k.PrevAvailable || !k.PrevValue.Valid:
		return "–"
	case k.prevHidden:
		return Suppressed
	default:
		return formatValue(k.PrevValue.Float64, k.Unit)
	}
}

// basis says what the year's value rests on, with suppressed counts
// starred.
func (b *builder) basis(k *kpiView) string {
	num, den := count(k.Numerator), count(k.Denominator)
	if k.numHidden {
		num = Suppressed
	}
	if k.denHidden {
		den = Suppressed
	}
	switch k.Unit {
	case unitDays:
		return den + " " + plural(k.Denominator, "child", "children")
	case unitRatio:
		return num + " / " + count(k.Denominator) + " FTE"
	case unitPer100:
		return num + " / " + den
	default:
		return num + " of " + den
	}
}

// change compares the year with last year at the precision shown.
func (b *builder) change(k *kpiView) (text, class string) {
	if !k.hasValue() || !k.hasPrevious() || b.d.Previous == nil {
		return "–", ""
	}
	diff := shown(k.Value.Float64, k.Unit) - shown(k.PrevValue.Float64, k.Unit)
	if diff == 0 {
		return "unchanged", "same"
	}
	arrow := "▲ up "
	if diff < 0 {
		arrow = "▼ down "
	}
	if (diff > 0) == (k.Better == "higher") {
		return arrow + formatDifference(diff, k.Unit) + ", better", "better"
	}
	return arrow + formatDifference(diff, k.Unit) + ", worse", "worse"
}

// rag is the year's rating, hidden with the value.
func (b *builder) rag(k *kpiView) (text, class string) {
	switch {
	case k.hidden:
		return Suppressed, ""
	case !k.Target.Valid:
		return "no target", "none"
	case !k.RAG.Valid:
		return "–", ""
	default:
		return strings.ToUpper(k.RAG.String[:1]) + k.RAG.String[1:], k.RAG.String
	}
}

// definitions is the appendix: every KPI's definition, by area.
func (b *builder) definitions() []DefinitionGroup {
	var groups []DefinitionGroup
	for _, area := range areaOrder(b.d.Definitions, func(x definition) string { return x.Area }) {
		g := DefinitionGroup{Area: areaName(area)}
		for _, x := range b.d.Definitions {
			if x.Area != area {
				continue
			}
			v := DefinitionView{Code: x.Code, Name: x.Name, Definition: x.Definition,
				Numerator: x.Numerator, Denominator: x.Denominator, Better: x.Better + " is better",
				Target: "none", Source: x.Source}
			if k := b.kpi(x.Code); k != nil && k.Target.Valid {
				v.Target = formatTarget(k.Target.Float64, k.Unit)
			}
			g.KPIs = append(g.KPIs, v)
		}
		groups = append(groups, g)
	}
	return groups
}

func plural(n float64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
