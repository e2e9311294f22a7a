package publish

import (
	"fmt"
	"slices"
	"strings"

	"carewh/canonical"
	"carewh/config"
	"carewh/pipelines/identify"
	"carewh/publish/tracker"
)

// Marking is the protective marking an identified export carries (the
// Government Security Classifications' OFFICIAL-SENSITIVE, with why).
const Marking = "OFFICIAL-SENSITIVE: personal data of children in care"

// IdentifiedFormats are the formats an identified export is written in:
// files for people. Parquet goes to BI tools, which get pseudonyms only.
var IdentifiedFormats = []string{"xlsx", "csv"}

// idColumn is a column an identified export adds after a pseudonym
// column.
type idColumn struct {
	after  string // the column it follows (a pseudonym column, or an earlier idColumn)
	of     string // the pseudonym column it identifies
	kind   canonical.Identifier
	name   bool // the name; else the case system's id
	mart   string
	header string
	help   string
	width  float64
}

// idColumns are the columns identification adds, in order.
var idColumns = []idColumn{
	{after: "person_id", of: "person_id", kind: canonical.PersonID, mart: "child_id", header: "Child id (case system)", width: 14,
		help: "The child's own id in the case system, read from the source when this file was made."},
	{after: "child_id", of: "person_id", kind: canonical.PersonID, name: true, mart: "child_name", header: "Child's name", width: 24,
		help: "The child's name as the case system's person table gives it now (two spellings of one child show both, joined by /)."},
	{after: "iro_id", of: "iro_id", kind: canonical.StaffID, name: true, mart: "iro_name", header: "IRO name", width: 22,
		help: "The IRO's name as the case system's professionals table gives it now."},
	{after: "social_worker_id", of: "social_worker_id", kind: canonical.StaffID, name: true, mart: "social_worker_name",
		header: "Social worker name", width: 22, help: "The social worker's name as the case system's professionals table gives it now."},
}

// wanted lists the pseudonyms held in the columns cols of rows.
func wanted(cols []string, rows [][]any) identify.Want {
	var w identify.Want
	for _, c := range idColumns {
		i := slices.Index(cols, c.of)
		if i < 0 {
			continue
		}
		for _, r := range rows {
			if s, ok := r[i].(string); ok {
				w.Add(c.kind, s)
			}
		}
	}
	return w
}

// applicable are the identity columns to add to a table with columns cols:
// those whose pseudonym column it has, names only from a source that
// holds names.
func applicable(cols []string, found *identify.Found) []idColumn {
	var out []idColumn
	for _, c := range idColumns {
		if slices.Contains(cols, c.of) && (!c.name || found.Names) {
			out = append(out, c)
		}
	}
	return out
}

// value is column c's value for pseudonym ps: nil where the source does
// not say (no pseudonym, or one the source no longer lists).
func (c idColumn) value(found *identify.Found, ps any) any {
	s, _ := ps.(string)
	if s == "" {
		return nil
	}
	m := found.Children
	if c.kind == canonical.StaffID {
		m = found.Staff
	}
	id, ok := m[s]
	v := id.ID
	if c.name {
		v = id.Name
	}
	if !ok || v == "" {
		return nil
	}
	return v
}

// TrackerWant lists the children and staff the tracker names by pseudonym.
func TrackerWant(t *tracker.Table) identify.Want {
	return wanted(trackerCols(t), t.Rows)
}

func trackerCols(t *tracker.Table) []string {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = c.Mart
	}
	return cols
}

// IdentifyTracker adds to the tracker the case system's child id, the
// child's name, and the IRO's and social worker's names (from a source
// that holds names), marks it, and notes what the source could not say.
func IdentifyTracker(t *tracker.Table, found *identify.Found, source string) {
	want := TrackerWant(t)
	for _, c := range applicable(trackerCols(t), found) {
		of := c.of
		t.InsertColumn(c.after, tracker.TextColumn(c.mart, c.header, c.help, c.width), func(row []any) any {
			return c.value(found, t.Value(row, of))
		})
	}
	t.Marking = Marking
	t.Notes = identityNotes(found, want, source)
}

// identityNotes say what the source could not give.
func identityNotes(found *identify.Found, want identify.Want, source string) []string {
	var notes []string
	if !found.Names {
		notes = append(notes, fmt.Sprintf("Names: %s holds no names, so children are identified by the case system's id only.", sourceLabel(source)))
	} else if len(found.Children) > 0 && !anyName(found.Children) {
		notes = append(notes, "Names: the source's person table gives no names (pers_forename, pers_surname), so the name column is blank.")
	}
	if n := len(want.Children) - len(found.Children); n > 0 {
		notes = append(notes, fmt.Sprintf("%s in this file %s not in the source's person table now (removed or re-keyed since the run): %s id and name are blank.",
			plural(n, "child", "children"), wereWas(n), theirIts(n)))
	}
	if n := len(want.Staff) - len(found.Staff); n > 0 && found.Names {
		notes = append(notes, fmt.Sprintf("%s in this file %s not in the source's professionals table now: %s name is blank.",
			plural(n, "worker", "workers"), wereWas(n), theirIts(n)))
	}
	if len(found.Origins) > 0 {
		notes = append(notes, "Read from: "+strings.Join(found.Origins, ", ")+".")
	}
	return notes
}

func sourceLabel(kind string) string {
	switch kind {
	case config.SourceSSDA903:
		return "a DfE SSDA903 return"
	case config.SourceCINCensus:
		return "a Children in Need census"
	}
	return "this source (" + kind + ")"
}

func anyName(m map[string]identify.Identity) bool {
	for _, id := range m {
		if id.Name != "" {
			return true
		}
	}
	return false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func wereWas(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func theirIts(n int) string {
	if n == 1 {
		return "the"
	}
	return "their"
}
