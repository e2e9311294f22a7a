package ssda903

import (
	"context"
	"strings"

	"carewh/canonical"
	"carewh/pipelines/extract"
)

// stream reads files one after the other (newest return first) and turns
// each record into rows. Where key gives a non-blank key, a record whose
// key a later return had is skipped; two records with one key in the same
// return both pass.
func stream(files []*csvFile, q canonical.Quarantine, table string,
	key func(record) string, build func(record, func(*row))) producer {
	later, thisYear := map[string]bool{}, map[string]bool{}
	var queue []*row
	emit := func(r *row) { queue = append(queue, r) }
	i := 0
	return func() (*row, error) {
		for len(queue) == 0 {
			if i == len(files) {
				return nil, nil
			}
			rec, ok, err := files[i].next(q, table)
			if err != nil {
				return nil, err
			}
			if !ok {
				i++
				for k := range thisYear {
					later[k] = true
				}
				clear(thisYear)
				continue
			}
			if key != nil {
				if k := key(rec); k != "" {
					if later[k] {
						continue
					}
					thisYear[k] = true
				}
			}
			build(rec, emit)
		}
		r := queue[0]
		queue = queue[1:]
		return r, nil
	}
}

func child(rec record) string { return strings.TrimSpace(rec.get("CHILD")) }

func (s *Source) openPerson(ctx context.Context, table *canonical.Table, q canonical.Quarantine) (extract.TableReader, error) {
	files, err := s.openFiles(headerSpec)
	if err != nil {
		return nil, err
	}
	cols := indexColumns(table)
	sourceCols := map[string]string{"person_id": "CHILD", "sex": "SEX", "ethnicity": "ETHNIC", "dob": "DOB"}
	for _, f := range files {
		if _, ok := f.cols["UPN"]; ok {
			sourceCols["upn"] = "UPN"
		}
	}
	next := stream(files, q, table.Name, child, func(rec record, emit func(*row)) {
		r := newRow(table, rec.f.origin, rec.line)
		r.vals[cols["person_id"]] = rec.get("CHILD")
		r.vals[cols["sex"]] = sex(rec.get("SEX"))
		r.vals[cols["ethnicity"]] = rec.get("ETHNIC")
		r.vals[cols["dob"]] = rec.get("DOB")
		r.vals[cols["upn"]] = rec.get("UPN")
		emit(r)
	})
	return newReader(ctx, s.mem, table, sourceCols, s.opts.BatchRows, next, func() { closeAll(files) }), nil
}

// sex maps the 903's SEX (1 male, 2 female) to the canonical code; any
// other value is passed on for the transforms to judge.
func sex(v string) string {
	switch strings.TrimSpace(v) {
	case "1":
		return "M"
	case "2":
		return "F"
	}
	return v
}

func (s *Source) openEpisodes(ctx context.Context, table *canonical.Table, q canonical.Quarantine) (extract.TableReader, error) {
	idx, err := s.episodeIndex(q)
	if err != nil {
		return nil, err
	}
	cols := indexColumns(table)
	sourceCols := map[string]string{
		"episode_id": "CHILD+DECOM", "person_id": "CHILD", "cla_id": "CHILD+start of the period of care",
		"entered_care_date": "start of the period of care (from DECOM, RNE and REC)", "episode_start_date": "DECOM",
		"start_reason": "RNE", "legal_status": "LS", "need_code": "CIN", "placement_id": "CHILD+DECOM of the placement's first episode",
		"placement_type": "PLACE", "placement_provider": "PLACE_PROVIDER", "episode_end_date": "DEC", "end_reason": "REC",
		"place_change_reason": "REASON_PLACE_CHANGE",
	}
	i := 0
	next := func() (*row, error) {
		if i == len(idx.all) {
			return nil, nil
		}
		e := idx.all[i]
		i++
		r := newRow(table, e.origin, e.line)
		r.vals[cols["episode_id"]] = e.id
		r.vals[cols["person_id"]] = e.child
		if e.period != nil {
			r.vals[cols["cla_id"]] = e.period.id
			r.vals[cols["entered_care_date"]] = iso(e.period.start)
			r.vals[cols["placement_id"]] = e.placement.id
		}
		r.vals[cols["episode_start_date"]] = e.decomRaw
		r.vals[cols["start_reason"]] = e.rne
		r.vals[cols["legal_status"]] = e.ls
		r.vals[cols["need_code"]] = e.cin
		r.vals[cols["placement_type"]] = e.place
		r.vals[cols["placement_provider"]] = e.provider
		r.vals[cols["episode_end_date"]] = e.decRaw
		r.vals[cols["end_reason"]] = e.rec
		r.vals[cols["place_change_reason"]] = e.reason
		return r, nil
	}
	return newReader(ctx, s.mem, table, sourceCols, s.opts.BatchRows, next, nil), nil
}

func (s *Source) openPlacements(ctx context.Context, table *canonical.Table, q canonical.Quarantine) (extract.TableReader, error) {
	idx, err := s.episodeIndex(q)
	if err != nil {
		return nil, err
	}
	cols := indexColumns(table)
	sourceCols := map[string]string{
		"placement_id": "CHILD+DECOM of the placement's first episode", "person_id": "CHILD",
		"episode_id": "CHILD+DECOM", "cla_id": "CHILD+start of the period of care",
		"start_date": "DECOM", "end_date": "DEC of the placement's last episode", "placement_type": "PLACE",
		"provider": "PLACE_PROVIDER", "change_reason": "REASON_PLACE_CHANGE",
	}
	i := 0
	next := func() (*row, error) {
		for i < len(idx.all) {
			e := idx.all[i]
			i++
			if e.placement == nil || e.placement.episodes[0] != e {
				continue
			}
			last := e.placement.episodes[len(e.placement.episodes)-1]
			r := newRow(table, e.origin, e.line)
			r.vals[cols["placement_id"]] = e.placement.id
			r.vals[cols["person_id"]] = e.child
			r.vals[cols["episode_id"]] = e.id
			r.vals[cols["cla_id"]] = e.period.id
			r.vals[cols["start_date"]] = e.decomRaw
			r.vals[cols["end_date"]] = last.decRaw
			if err := lastEpisodeEnd(q, table, cols, r, e, last); err != nil {
				return nil, err
			}
			r.vals[cols["placement_type"]] = e.place
			r.vals[cols["provider"]] = e.provider
			r.vals[cols["change_reason"]] = e.reason
			return r, nil
		}
		return nil, nil
	}
	return newReader(ctx, s.mem, table, sourceCols, s.opts.BatchRows, next, nil), nil
}

func (s *Source) openReviews(ctx context.Context, table *canonical.Table, q canonical.Quarantine) (extract.TableReader, error) {
	idx, err := s.episodeIndex(q)
	if err != nil {
		return nil, err
	}
	files, err := s.openFiles(reviewsSpec)
	if err != nil {
		return nil, err
	}
	cols := indexColumns(table)
	sourceCols := map[string]string{
		"review_id": "CHILD+REVIEW", "episode_id": "the episode containing REVIEW",
		"cla_id": "the period of care containing REVIEW", "review_date": "REVIEW", "participation": "REVIEW_CODE",
	}
	key := func(rec record) string {
		if c := child(rec); c != "" {
			return c + "\x00" + dateKey(rec.get("REVIEW"))
		}
		return ""
	}
	next := stream(files, q, table.Name, key, func(rec record, emit func(*row)) {
		c := child(rec)
		ref := canonical.ChildScoped(c)
		r := newRow(table, rec.f.origin, rec.line)
		r.vals[cols["review_id"]] = ref + "/" + dateKey(rec.get("REVIEW"))
		r.vals[cols["episode_id"]] = ref + "/no-episode"
		if day, ok := parseDate(rec.get("REVIEW")); ok {
			if e := idx.reviewEpisode(c, day); e != nil {
				r.vals[cols["episode_id"]] = e.id
				r.vals[cols["cla_id"]] = e.period.id
			}
		}
		r.vals[cols["review_date"]] = rec.get("REVIEW")
		r.vals[cols["participation"]] = rec.get("REVIEW_CODE")
		emit(r)
	})
	return newReader(ctx, s.mem, table, sourceCols, s.opts.BatchRows, next, func() { closeAll(files) }), nil
}

// Health check types and status as the canonical code lists spell them.
const (
	checkHealthAssessment = "review_health_assessment"
	checkDental           = "dental"
	statusCompleted       = "completed"
)

func (s *Source) openHealth(ctx context.Context, table *canonical.Table, q canonical.Quarantine) (extract.TableReader, error) {
	files, err := s.openFiles(oc2Spec)
	if err != nil {
		return nil, err
	}
	cols := indexColumns(table)
	sourceCols := map[string]string{
		"health_check_id": "CHILD+collection year end+check", "person_id": "CHILD",
		"check_type": "HEALTH_ASSESSMENT or TEETH_CHECK",
		"check_date": "31 March, the end of the collection year (the 903 gives no date)",
		"status":     "HEALTH_ASSESSMENT or TEETH_CHECK",
	}
	next := stream(files, q, table.Name, nil, func(rec record, emit func(*row)) {
		// OC2 says only whether the child had a health assessment and a
		// dental check in the collection year, with no date: each is dated
		// the last day of the year, 31 March.
		yearEnd := iso(rec.f.coll.end())
		ref := canonical.ChildScoped(child(rec))
		for _, check := range []struct{ column, checkType string }{
			{"HEALTH_ASSESSMENT", checkHealthAssessment},
			{"TEETH_CHECK", checkDental},
		} {
			status := strings.TrimSpace(rec.get(check.column))
			switch status {
			case "", "0":
				continue // not done in the year: nothing to record
			case "1":
				status = statusCompleted
			default:
				status = rec.get(check.column) // junk: the transforms quarantine it
			}
			r := newRow(table, rec.f.origin, rec.line)
			r.vals[cols["health_check_id"]] = ref + "/" + yearEnd + "/" + check.checkType
			r.vals[cols["person_id"]] = rec.get("CHILD")
			r.vals[cols["check_type"]] = check.checkType
			r.vals[cols["check_date"]] = yearEnd
			r.vals[cols["status"]] = status
			emit(r)
		}
	})
	return newReader(ctx, s.mem, table, sourceCols, s.opts.BatchRows, next, func() { closeAll(files) }), nil
}
