package synthetic

import (
	"slices"
	"strings"
	"time"
)

// carePlanKeys are the keys of lacp_cla_care_plan_json, in the SSD's order.
var carePlanKeys = []string{"REMAINSUP", "RETURN1M", "RETURN6M", "RETURNEV", "LTRELFR", "LTFOST18", "RESPLMT", "SUPPLIV", "ADOPTION", "OTHERPLN"}

// carePlanJSON writes a plan with every key present, Y for those chosen.
func carePlanJSON(chosen ...string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range carePlanKeys {
		if i > 0 {
			b.WriteByte(',')
		}
		v := "N"
		for _, c := range chosen {
			if c == k {
				v = "Y"
			}
		}
		b.WriteString(`"` + k + `":"` + v + `"`)
	}
	b.WriteByte('}')
	return b.String()
}

// planStep is a care plan recorded on a day.
type planStep struct {
	day   time.Time
	codes []string
}

// writeCarePlans writes a period's permanence plans. About 85% are first
// recorded by the second review; some are parallel plans (ADOPTION with
// RETURN6M); plans change as new rows.
func (c *council) writeCarePlans(ch *child, p *period, held []time.Time) {
	r := c.r
	byReview2 := addDays(addMonths(addWeekdays(p.start, 20), 3), -14)
	if len(held) >= 2 {
		byReview2 = held[1]
	}
	first := dayBetween(r, addDays(p.start, 5), byReview2)
	if !chance(r, c.rate(0.85, 0.04, 0.1, ch.team, byReview2)) {
		first = addDays(byReview2, between(r, 1, 150))
	}
	mid := func() time.Time { return dayBetween(r, addDays(first, 30), addDays(p.end, -30)) }
	var steps []planStep
	add := func(d time.Time, codes ...string) { steps = append(steps, planStep{d, codes}) }
	age := ageAt(ch.dob, p.start)
	switch {
	case p.wasAdoption:
		switch x := r.Float64(); {
		case x < 0.45:
			add(first, "RETURN6M", "ADOPTION")
		case x < 0.8:
			add(first, "RETURN6M")
		default:
			add(first, "ADOPTION")
		}
		add(maxDate(p.adm, addDays(first, 30)), "ADOPTION")
		if !p.reversed.IsZero() {
			if p.route == routeSGO {
				add(addDays(p.reversed, between(r, 10, 60)), "LTRELFR")
			} else {
				add(addDays(p.reversed, between(r, 10, 60)), "LTFOST18")
			}
		}
	case p.route == routeSGO:
		if chance(r, 0.4) {
			add(first, "RETURN6M")
			add(mid(), "LTRELFR")
		} else {
			add(first, "LTRELFR")
		}
	case p.route == routeCAO:
		add(first, pick(r, "LTRELFR", "RETURN6M"))
	case p.route == routeHomePlanned:
		switch {
		case daysBetween(p.start, p.end) < 90:
			add(first, "RETURN1M")
		default:
			add(first, choose(r, []choice[string]{{70, "RETURN6M"}, {10, "REMAINSUP"}, {20, "RETURNEV"}}))
		}
	case p.route == routeHomeUnplanned:
		add(first, choose(r, []choice[string]{{40, "LTFOST18"}, {40, "RETURN6M"}, {20, "RETURNEV"}}))
	case p.route == routeAged18:
		switch {
		case age >= 16:
			add(first, choose(r, []choice[string]{{40, "SUPPLIV"}, {40, "LTFOST18"}, {20, "RESPLMT"}}))
		case chance(r, 0.25):
			add(first, "RETURN6M")
			add(mid(), "LTFOST18")
		default:
			add(first, choose(r, []choice[string]{{80, "LTFOST18"}, {20, "RESPLMT"}}))
		}
		if sixteen := ch.dob.AddDate(16, 6, 0); age < 16 && chance(r, 0.4) {
			add(sixteen, "SUPPLIV")
		}
	default:
		add(first, choose(r, []choice[string]{{35, "OTHERPLN"}, {45, "RETURN6M"}, {20, "LTFOST18"}}))
	}

	c.emitCarePlans(ch, p, steps)
}

// emitCarePlans writes the period's plan steps, in date order, each lasting
// until the next (or the period's end); steps on the same day, or after the
// as-at date, are left out.
func (c *council) emitCarePlans(ch *child, p *period, steps []planStep) {
	until := p.until(c.asOf)
	slices.SortStableFunc(steps, func(a, b planStep) int { return a.day.Compare(b.day) })
	var prev time.Time
	for i, s := range steps {
		if !s.day.After(prev) || !s.day.Before(until) {
			continue
		}
		end := p.stop
		for _, n := range steps[i+1:] {
			if n.day.After(s.day) && n.day.Before(until) {
				end = n.day
				break
			}
		}
		c.out.emit(fileCarePlans, rec{
			"lacp_table_id":                 c.id("CPN"),
			"lacp_person_id":                ch.id,
			"lacp_cla_care_plan_start_date": isoDateTime(s.day),
			"lacp_cla_care_plan_end_date":   isoDateTime(end),
			"lacp_cla_care_plan_json":       carePlanJSON(s.codes...),
		})
		prev = s.day
	}
}
