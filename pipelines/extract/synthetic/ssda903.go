package synthetic

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// SSDA903 files written, one per file of the DfE return the ssda903 source
// reads (pipelines/extract/ssda903 finds them by these names).
const (
	file903Header  = "header"
	file903Episode = "episodes"
	file903Reviews = "reviews"
	file903AD1     = "ad1"
	file903Placed  = "placed_adoption"
)

// ssda903Specs are the return's files, with the DfE's columns.
func ssda903Specs() []fileSpec {
	return []fileSpec{
		{file903Header, []string{"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"}},
		{file903Episode, []string{"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"}},
		{file903Reviews, []string{"CHILD", "DOB", "REVIEW", "REVIEW_CODE"}},
		{file903AD1, []string{"CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"}},
		{file903Placed, []string{"CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"}},
	}
}

// WriteSSDA903 writes the synthetic council's DfE SSDA903 return for the
// collection year ending 31 March of year (the "2024" return covers 1
// April 2023 – 31 March 2024) into dir/<year>/: header.csv, episodes.csv,
// reviews.csv, ad1.csv and placed_adoption.csv, dates dd/mm/yyyy.
//
// The children are those of WriteDir's SSD export with the same Seed and
// Scale made as at 31 March of year (opts.AsOf is set to that day). As in
// a real return, every episode open on or after 1 April is listed, with
// its real start and RNE: a child already looked after on 1 April is
// left-censored, their first listed episode starting before the year with
// whatever RNE it had (P, L, T, ...). Reviews held in the year, AD1 for
// children adopted in it and PlacedAdoption for looked-after children with
// a decision to place for adoption are written. The conflicts of
// Options.Conflicts are made as in the SSD export wherever the return can
// carry them (the 903 has no ids: a same-day episode is a second row with
// the same CHILD and DECOM, a duplicate review a second row with the same
// CHILD and REVIEW; CP plans and placements are not in it); Summary.Faults
// counts those in the return. Row faults are not made.
func WriteSSDA903(ctx context.Context, dir string, opts Options, year int) (Summary, error) {
	if year < 2000 || year > 2100 {
		return Summary{}, fmt.Errorf("synthetic: SSDA903 collection year %d is not a year like 2024", year)
	}
	opts.AsOf = time.Date(year, time.March, 31, 0, 0, 0, 0, time.UTC)
	opts, err := opts.normalise()
	if err != nil {
		return Summary{}, err
	}
	yearDir := filepath.Join(dir, strconv.Itoa(year))
	if err := os.MkdirAll(yearDir, 0o700); err != nil {
		return Summary{}, fmt.Errorf("creating %s: %w", yearDir, err)
	}
	out, err := openSink(yearDir, ssda903Specs())
	if err != nil {
		return Summary{}, err
	}
	out.only = true
	out.faults.noRowFaults = true
	for n := 1; n <= opts.Scale; n++ {
		c := newCouncil(n, opts, defaultTuning(), out)
		c.ret = &ssdaReturn{start: time.Date(year-1, time.April, 1, 0, 0, 0, 0, time.UTC), end: opts.AsOf}
		if err := c.generate(ctx); err != nil {
			out.abort()
			if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
				err = errors.Join(ctxErr, err)
			}
			return Summary{}, fmt.Errorf("generating council %d: %w", n, err)
		}
	}
	if err := out.commit(); err != nil {
		return Summary{}, err
	}
	return out.summary(), nil
}

// ssdaReturn is the collection year an SSDA903 return is written for.
type ssdaReturn struct {
	start, end time.Time // 1 April, 31 March
}

// in reports whether an episode from start to end (zero: open) is listed:
// open on or after the year's first day, started by its last.
func (y *ssdaReturn) in(start, end time.Time) bool {
	return !start.After(y.end) && (end.IsZero() || !end.Before(y.start))
}

// episodes writes the episodes of p that are in the return.
func (y *ssdaReturn) episodes(c *council, ch *child, p *period, rows []epRow) {
	for _, e := range rows {
		if !y.in(e.start, e.end) {
			continue
		}
		ch.inReturn = true
		if e.fault != "" {
			c.out.faults.counts[e.fault]++
		}
		pl := &p.places[e.place]
		change := ""
		if e.place > 0 && e.rne != "S" && e.rne != "L" && p.places[e.place-1].reason != "" {
			change = p.places[e.place-1].reason
		}
		c.out.emit(file903Episode, rec{
			"CHILD":               ch.id,
			"DECOM":               ukDate(e.start),
			"RNE":                 e.rne,
			"LS":                  p.legalOn(e.start),
			"CIN":                 p.need,
			"PLACE":               pl.ptype,
			"PLACE_PROVIDER":      pl.provider,
			"DEC":                 ukDate(e.end),
			"REC":                 e.rec,
			"REASON_PLACE_CHANGE": change,
			"HOME_POST":           ch.home,
			"PL_POST":             pl.postcode,
			"URN":                 pl.urn,
		})
	}
}

// legalOn is the legal status in force on d.
func (p *period) legalOn(d time.Time) string {
	ls := ""
	for _, l := range p.legal {
		if !l.start.After(d) {
			ls = l.status
		}
	}
	if ls == "" && len(p.legal) > 0 {
		ls = p.legal[0].status
	}
	return ls
}

// review writes a review held on day, if it is in the year or after it
// (FaultReviewAfterAsAt); sometimes twice (FaultDuplicateNewID: the
// return has no review ids).
func (y *ssdaReturn) review(c *council, ch *child, day time.Time, pn string) {
	if day.Before(y.start) {
		return
	}
	r := rec{"CHILD": ch.id, "DOB": ukDate(ch.dob), "REVIEW": ukDate(day), "REVIEW_CODE": pn}
	c.out.emit(file903Reviews, r)
	if chance(c.sr, c.conflicts.DuplicateNewID) {
		c.out.faults.counts[FaultDuplicateNewID]++
		c.out.emit(file903Reviews, r)
	}
}

// header writes the child's Header row.
func (y *ssdaReturn) header(c *council, ch *child) {
	sex := "2"
	if ch.sex == "M" {
		sex = "1"
	}
	c.out.emit(file903Header, rec{
		"CHILD": ch.id, "SEX": sex, "DOB": ukDate(ch.dob), "ETHNIC": ch.ethnicity, "UPN": ch.upn,
	})
}

// adoption writes PlacedAdoption for a period in the return with a
// decision to place for adoption by the year's end, and AD1 for one that
// ended in an adoption in the year.
func (y *ssdaReturn) adoption(c *council, ch *child, p *period) {
	if !p.wasAdoption || p.adm.IsZero() || p.adm.After(y.end) || !y.in(p.start, p.stop) {
		return
	}
	placed := rec{"CHILD": ch.id, "DOB": ukDate(ch.dob), "DATE_PLACED": ukDate(p.adm)}
	if !p.reversed.IsZero() && !p.reversed.After(y.end) {
		placed["DATE_PLACED_CEASED"] = ukDate(p.reversed)
		placed["REASON_PLACED_CEASED"] = p.reversedReason
	}
	c.out.emit(file903Placed, placed)
	if p.route != routeAdoption || p.open() || p.stop.Before(y.start) {
		return
	}
	foster := "0"
	if p.byCarer {
		foster = "1"
	}
	adopters := choose(c.sr, []choice[[3]string]{{80, [3]string{"2", "MF", "L0"}}, {8, [3]string{"2", "FF", "L11"}}, {4, [3]string{"2", "MM", "L11"}}, {8, [3]string{"1", "F1", "L2"}}})
	c.out.emit(file903AD1, rec{
		"CHILD": ch.id, "DOB": ukDate(ch.dob), "DATE_INT": ukDate(p.adm), "DATE_MATCH": ukDate(p.matched),
		"FOSTER_CARE": foster, "NB_ADOPTR": adopters[0], "SEX_ADOPTR": adopters[1], "LS_ADOPTR": adopters[2],
	})
}
