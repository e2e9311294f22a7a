package ssda903

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"carewh/canonical"
	"carewh/pipelines/extract"
)

// decision is one adoption decision of a child: an AD1 row, a
// PlacedAdoption row, or both when they name the same decision date.
type decision struct {
	child       string
	dateKey     string // the decision date as a key (ISO, or the text as read)
	ad1, placed *record
}

// permanence rows come from AD1 and PlacedAdoption, which are small: both
// are read into memory, merged across years (the later return winning on
// CHILD + decision date), and joined on child and decision date.
func (s *Source) openPermanence(ctx context.Context, table *canonical.Table, q canonical.Quarantine) (extract.TableReader, error) {
	ad1Files, err := s.openFiles(ad1Spec)
	missingAD1 := isNotProvided(err)
	if err != nil && !missingAD1 {
		return nil, err
	}
	defer closeAll(ad1Files)
	placedFiles, err := s.openFiles(placedSpec)
	missingPlaced := isNotProvided(err)
	if err != nil && !missingPlaced {
		return nil, err
	}
	defer closeAll(placedFiles)
	if missingAD1 && missingPlaced {
		return nil, err // neither file in any year: not provided
	}
	idx, err := s.episodeIndex(q)
	if err != nil {
		return nil, err
	}
	ad1, err := readMerged(ad1Files, q, table.Name, "DATE_INT")
	if err != nil {
		return nil, err
	}
	placed, err := readMerged(placedFiles, q, table.Name, "DATE_PLACED")
	if err != nil {
		return nil, err
	}
	// Join: an AD1 row takes the PlacedAdoption row of its child and date.
	var decisions []*decision
	byKey := map[string]*decision{}
	for _, rec := range placed {
		d := &decision{child: child(*rec), dateKey: dateKey(rec.get("DATE_PLACED")), placed: rec}
		decisions = append(decisions, d)
		if _, dup := byKey[d.child+"\x00"+d.dateKey]; !dup {
			byKey[d.child+"\x00"+d.dateKey] = d
		}
	}
	for _, rec := range ad1 {
		k := child(*rec) + "\x00" + dateKey(rec.get("DATE_INT"))
		if d, ok := byKey[k]; ok && d.ad1 == nil {
			d.ad1 = rec
			continue
		}
		decisions = append(decisions, &decision{child: child(*rec), dateKey: dateKey(rec.get("DATE_INT")), ad1: rec})
	}
	// Newest return first, then file and line, as the other tables.
	slices.SortStableFunc(decisions, func(a, b *decision) int {
		ra, rb := a.source(), b.source()
		return cmp.Or(-cmp.Compare(ra.f.coll.endYear, rb.f.coll.endYear), strings.Compare(ra.f.origin, rb.f.origin),
			cmp.Compare(ra.line, rb.line))
	})
	cols := indexColumns(table)
	rows := make([]*row, len(decisions))
	for i, d := range decisions {
		rows[i] = permanenceRow(table, cols, idx, canonical.ChildScoped(d.child), d)
		if err := s.checkPlacedValues(q, table, cols, rows[i], d); err != nil {
			return nil, err
		}
	}
	sourceCols := map[string]string{
		"permanence_id": "CHILD+DATE_INT or DATE_PLACED", "person_id": "CHILD",
		"cla_id":               "the period of care containing the decision",
		"adm_decision_date":    "DATE_INT (AD1) or DATE_PLACED (PlacedAdoption)",
		"placement_order_date": "DECOM of the first episode with LS E1",
		"matched_date":         "DATE_MATCH", "adopted_by_carer": "FOSTER_CARE",
		"placed_for_adoption_date": "DECOM of the first episode with PLACE A3–A6",
		"placed_foster_carer_date": "DECOM of the adopting foster carer's first episode",
		"decision_reversed_date":   "DATE_PLACED_CEASED", "decision_reversed_reason": "REASON_PLACED_CEASED",
		"permanence_order_date": "DEC of the period's last episode", "permanence_order_type": "REC of the period's last episode",
	}
	return newReader(ctx, s.mem, table, sourceCols, s.opts.BatchRows, sliceProducer(rows), nil), nil
}

// source is the record a decision's row is said to come from: AD1's if
// there is one.
func (d *decision) source() *record {
	if d.ad1 != nil {
		return d.ad1
	}
	return d.placed
}

func isNotProvided(err error) bool { return err != nil && errors.Is(err, extract.ErrNotProvided) }

// readMerged reads every year's file, newest first, keeping a record whose
// CHILD + date column no later return had.
func readMerged(files []*csvFile, q canonical.Quarantine, table, dateCol string) ([]*record, error) {
	var out []*record
	later, thisYear := map[string]bool{}, map[string]bool{}
	for _, f := range files {
		for {
			rec, ok, err := f.next(q, table)
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			k := child(rec) + "\x00" + dateKey(rec.get(dateCol))
			if later[k] {
				continue
			}
			thisYear[k] = true
			rec.fields = slices.Clone(rec.fields) // the CSV reader reuses its slice
			out = append(out, &rec)
		}
		for k := range thisYear {
			later[k] = true
		}
		clear(thisYear)
	}
	return out, nil
}

// permanenceRow fills one permanence row from a decision and the episodes
// of the period of care it was made in.
func permanenceRow(table *canonical.Table, cols columnIndex, idx *episodeIndex, ref string, d *decision) *row {
	src := d.source()
	r := newRow(table, src.f.origin, src.line)
	r.vals[cols["permanence_id"]] = ref + "/" + d.dateKey
	r.vals[cols["person_id"]] = src.get("CHILD")
	var decisionRaw string
	if d.ad1 != nil {
		decisionRaw = d.ad1.get("DATE_INT")
		r.vals[cols["matched_date"]] = d.ad1.get("DATE_MATCH")
		r.vals[cols["adopted_by_carer"]] = d.ad1.get("FOSTER_CARE")
	}
	if d.placed != nil {
		if decisionRaw == "" {
			decisionRaw = d.placed.get("DATE_PLACED")
		}
		r.vals[cols["decision_reversed_date"]] = d.placed.get("DATE_PLACED_CEASED")
		r.vals[cols["decision_reversed_reason"]] = d.placed.get("REASON_PLACED_CEASED")
	}
	r.vals[cols["adm_decision_date"]] = decisionRaw
	decided, ok := parseDate(decisionRaw)
	if !ok {
		return r
	}
	p := idx.periodAt(d.child, decided)
	if p == nil {
		return r
	}
	r.vals[cols["cla_id"]] = p.id
	var order time.Time
	for _, e := range p.episodes {
		if code(e.ls) == "E1" {
			order = e.decom
			r.vals[cols["placement_order_date"]] = iso(order)
			break
		}
	}
	reversed, isReversed := time.Time{}, false
	if d.placed != nil {
		reversed, isReversed = parseDate(d.placed.get("DATE_PLACED_CEASED"))
	}
	carerStart := time.Time{}
	for i, e := range p.episodes {
		if i == 0 || startsCarer(e, p.episodes[i-1]) {
			carerStart = e.decom
		}
		if !isAdoptionPlacement(code(e.place)) || e.decom.Before(decided) || e.decom.Before(order) ||
			isReversed && !e.decom.Before(reversed) {
			continue
		}
		r.vals[cols["placed_for_adoption_date"]] = iso(e.decom)
		if d.ad1 != nil && strings.TrimSpace(d.ad1.get("FOSTER_CARE")) == "1" {
			r.vals[cols["placed_foster_carer_date"]] = iso(carerStart)
		}
		break
	}
	if !p.open {
		last := p.episodes[len(p.episodes)-1]
		if t := orderType(code(last.rec)); t != "" {
			r.vals[cols["permanence_order_date"]] = iso(p.end)
			r.vals[cols["permanence_order_type"]] = t
		}
	}
	return r
}

// startsCarer mirrors core.placement_episodes: an episode with RNE S, P or
// B starts a new carer, unless it is a placement for adoption with the
// child's current foster carer (A3 or A5 straight after U1–U6).
func startsCarer(e, previous *episode) bool {
	switch code(e.rne) {
	case "S", "P", "B":
	default:
		return false
	}
	place, prev := code(e.place), code(previous.place)
	withOwnCarer := (place == "A3" || place == "A5") && len(prev) == 2 && prev[0] == 'U' && prev[1] >= '1' && prev[1] <= '6'
	return !withOwnCarer
}

func isAdoptionPlacement(place string) bool {
	switch place {
	case "A3", "A4", "A5", "A6":
		return true
	}
	return false
}

// orderType is the permanence order a reason episode ceased records.
func orderType(rec string) string {
	switch rec {
	case "E11", "E12":
		return "adoption"
	case "E41":
		return "cao"
	case "E43", "E44", "E45", "E46", "E47", "E48":
		return "sgo"
	}
	return ""
}
