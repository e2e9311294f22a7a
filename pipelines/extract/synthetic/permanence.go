package synthetic

import "time"

// writePermanence writes the ssd_permanence row of a period on the
// adoption route (its milestones so far) or one that ended with a special
// guardianship or child arrangements order.
func (c *council) writePermanence(ch *child, p *period) {
	r := c.r
	// upTo hides milestones still to come at AsOf.
	upTo := func(d time.Time) time.Time {
		if d.After(c.asOf) {
			return time.Time{}
		}
		return d
	}
	row := rec{"perm_person_id": ch.id, "perm_cla_id": p.id}
	switch {
	case p.wasAdoption:
		if upTo(p.adm).IsZero() {
			return
		}
		row["perm_adm_decision_date"] = isoDateTime(p.adm)
		row["perm_ffa_cp_decision_date"] = isoDateTime(upTo(p.ffa))
		row["perm_placement_order_date"] = isoDateTime(upTo(p.po))
		row["perm_matched_date"] = isoDateTime(upTo(p.matched))
		placed := upTo(p.placed)
		row["perm_placed_for_adoption_date"] = isoDateTime(placed)
		if !placed.IsZero() {
			row["perm_adopted_by_carer_flag"] = yn(p.byCarer)
			if p.byCarer {
				a5 := p.placementOn(placed)
				since := a5.start
				for _, pl := range p.places {
					if pl.carer == a5.carer && pl.start.Before(since) {
						since = pl.start
					}
				}
				row["perm_placed_foster_carer_date"] = isoDateTime(since)
			}
		}
		if rev := upTo(p.reversed); !rev.IsZero() {
			row["perm_decision_reversed_date"] = isoDateTime(rev)
			row["perm_decision_reversed_reason"] = p.reversedReason
		}
		if p.route == routeAdoption && !p.open() {
			row["perm_permanence_order_date"] = isoDateTime(p.stop)
			row["perm_permanence_order_type"] = orderAdoption
		}
		if p.route == routeSGO && !p.open() {
			row["perm_permanence_order_date"] = isoDateTime(p.stop)
			row["perm_permanence_order_type"] = orderSGO
		}
	case p.route == routeSGO && !p.open():
		row["perm_permanence_order_date"] = isoDateTime(p.stop)
		row["perm_permanence_order_type"] = choose(r, []choice[string]{{85, orderSGO}, {15, orderSGO2}})
	case p.route == routeCAO && !p.open():
		row["perm_permanence_order_date"] = isoDateTime(p.stop)
		row["perm_permanence_order_type"] = choose(r, []choice[string]{{85, orderCAO}, {15, orderCAO2}})
	default:
		return
	}
	row["perm_table_id"] = c.id("PM")
	c.out.emit(filePermanence, row)
}
