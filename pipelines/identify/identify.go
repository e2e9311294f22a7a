// Package identify finds who the pseudonyms of an export stand for, for
// the staff allowed to know: it streams the source's person and
// professionals tables once, recomputes each row's pseudonym with the
// lake's key, and keeps, in memory only, the rows whose pseudonym the
// export holds. Nothing it reads is written anywhere; no mapping from
// pseudonym to id is ever stored.
package identify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"carewh/canonical"
	"carewh/pipelines/extract"
	"carewh/transforms"
)

// Identity is who a pseudonym stands for, as the source says at export
// time.
type Identity struct {
	// ID is the case system's own id (the SSD's pers_person_id or
	// prof_professional_id, the 903's CHILD, the census's LAchildID).
	ID string
	// Name is the name the source gives, "" when it gives none. A person
	// listed twice under different names has both, joined by " / ".
	Name string
}

// Want lists the pseudonyms an export holds, by domain.
type Want struct {
	Children map[string]bool
	Staff    map[string]bool
}

// Add records a pseudonym of kind (canonical.PersonID or StaffID); a blank
// one (no IRO allocated) is no one.
func (w *Want) Add(kind canonical.Identifier, pseudonym string) {
	if pseudonym == "" {
		return
	}
	m := &w.Children
	if kind == canonical.StaffID {
		m = &w.Staff
	}
	if *m == nil {
		*m = map[string]bool{}
	}
	(*m)[pseudonym] = true
}

// Options say what the source can give.
type Options struct {
	// Names is true for an SSD-shaped source (ssdcsv, ssddb, synthetic):
	// children's names are read from ssd_person's pers_forename and
	// pers_surname, staff from ssd_professionals. Other sources (an
	// SSDA903 return, a CIN census) hold ids only.
	Names bool
}

// Found is what the source said about the wanted pseudonyms.
type Found struct {
	Children map[string]Identity
	Staff    map[string]Identity
	// Names: the source holds children's names (see Options.Names);
	// StaffNames: it has a professionals table with names.
	Names, StaffNames bool
	// Origins name what was read (files, tables), for the log.
	Origins []string
	// Unreadable counts source rows too malformed to read (the run
	// quarantines the same rows).
	Unreadable int
}

// PersonNames is ssd_person as identification reads it: the child's id
// and name only. The names are not canonical columns: no run reads them.
var PersonNames = &canonical.Table{
	Name: "person", SourceFile: "ssd_person", Key: "person_id",
	Columns: []canonical.Column{
		{Name: "person_id", Kind: canonical.Text, ID: canonical.PersonID, Source: "pers_person_id", Required: true},
		{Name: "forename", Kind: canonical.Text, Source: "pers_forename", Extension: true},
		{Name: "surname", Kind: canonical.Text, Source: "pers_surname", Extension: true},
	},
}

// StaffNames is ssd_professionals as identification reads it.
var StaffNames = &canonical.Table{
	Name: "professionals", SourceFile: "ssd_professionals", Key: "professional_id",
	Columns: []canonical.Column{
		{Name: "professional_id", Kind: canonical.Text, ID: canonical.StaffID, Source: "prof_professional_id", Required: true},
		{Name: "name", Kind: canonical.Text, Source: "prof_professional_name", Extension: true},
	},
}

// Lookup streams the source's person table (and professionals table, when
// staff are wanted and the source has one) once each and returns the
// identities of the wanted pseudonyms. p must be the lake's pseudonymiser.
func Lookup(ctx context.Context, src extract.Source, p *transforms.Pseudonymiser, want Want, opts Options) (*Found, error) {
	f := &Found{Children: map[string]Identity{}, Staff: map[string]Identity{}, Names: opts.Names}
	q := &discard{}
	if len(want.Children) > 0 {
		table := PersonNames
		if !opts.Names {
			table = canonicalPerson()
		}
		if err := f.read(ctx, src, table, q, p, canonical.PersonID, want.Children, f.Children); err != nil {
			return nil, err
		}
	}
	if len(want.Staff) > 0 && opts.Names {
		err := f.read(ctx, src, StaffNames, q, p, canonical.StaffID, want.Staff, f.Staff)
		switch {
		case errors.Is(err, extract.ErrNotProvided):
		case err != nil:
			return nil, err
		default:
			f.StaffNames = true
		}
	}
	f.Unreadable = q.n
	return f, nil
}

// read streams one table, keeping the rows whose pseudonym is wanted.
func (f *Found) read(ctx context.Context, src extract.Source, table *canonical.Table, q canonical.Quarantine,
	p *transforms.Pseudonymiser, kind canonical.Identifier, want map[string]bool, into map[string]Identity) error {
	r, err := src.Open(ctx, table, q)
	if err != nil {
		return err
	}
	defer r.Release()
	if o := r.Origin(); o != "" {
		f.Origins = append(f.Origins, o)
	}
	for r.Next() {
		b := r.RecordBatch()
		cols := columns(b)
		id := cols[table.Key]
		if id == nil {
			return fmt.Errorf("%s: no %s column", r.Origin(), table.Key)
		}
		for row := range int(b.NumRows()) {
			raw := strings.TrimSpace(value(id, row))
			if raw == "" {
				continue
			}
			// As the transforms pseudonymise it: the trimmed value, in the
			// column's domain.
			ps := p.PseudonymOnce(kind, raw)
			if !want[ps] {
				continue
			}
			into[ps] = merge(into[ps], Identity{ID: raw, Name: nameOf(cols, row)})
		}
	}
	if err := r.Err(); err != nil {
		return fmt.Errorf("reading %s: %w", r.Origin(), err)
	}
	return ctx.Err()
}

// canonicalPerson is the person table as every source gives it.
func canonicalPerson() *canonical.Table {
	for _, t := range canonical.Tables {
		if t.Name == "person" {
			return t
		}
	}
	panic("identify: no canonical person table")
}

// columns finds a batch's text columns by name.
func columns(b arrow.RecordBatch) map[string]*array.String {
	out := map[string]*array.String{}
	for i := range int(b.NumCols()) {
		if s, ok := b.Column(i).(*array.String); ok {
			out[b.ColumnName(i)] = s
		}
	}
	return out
}

func value(a *array.String, row int) string {
	if a == nil || a.IsNull(row) {
		return ""
	}
	return a.Value(row)
}

// nameOf is the row's name: "forename surname", or the professional's
// name, spaces tidied; "" when the source gives none.
func nameOf(cols map[string]*array.String, row int) string {
	parts := []string{value(cols["forename"], row), value(cols["surname"], row), value(cols["name"], row)}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// merge joins a second row of the same person into the first: the same id,
// every distinct name kept, in source order, so a person listed twice
// under two spellings shows both rather than a guess.
func merge(have, next Identity) Identity {
	if have.ID == "" {
		return next
	}
	if next.Name == "" {
		return have
	}
	names := strings.Split(have.Name, " / ")
	if have.Name == "" {
		names = nil
	}
	if !slices.Contains(names, next.Name) {
		names = append(names, next.Name)
	}
	have.Name = strings.Join(names, " / ")
	return have
}

// discard counts the rows a source could not read: the run quarantines
// them; identification only reports how many.
type discard struct{ n int }

func (d *discard) Reject(canonical.Rejection) error { d.n++; return nil }
