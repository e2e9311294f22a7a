package cincensus

import (
	"fmt"
	"strings"

	"carewh/canonical"
)

// row is one raw row of a canonical table, built from one child.
type row struct {
	line int64
	vals []text // canonical column order; an unset text is null
	// problem, when set, makes the row malformed: it goes to the
	// quarantine instead of the batch.
	problem string
}

// tableSpec says how a canonical table is read from the census.
type tableSpec struct {
	// columns names, per canonical column, the census element it is read
	// from, as quarantine messages show it.
	columns map[string]string
	rows    func(b *rowBuilder, c *child)
}

// specs are the tables the census carries; every other canonical table is
// not provided.
var specs = map[string]tableSpec{
	"person": {
		columns: map[string]string{
			"person_id": "ChildIdentifiers/LAchildID", "sex": "ChildIdentifiers/GenderCurrent or Sex",
			"ethnicity": "ChildCharacteristics/Ethnicity", "dob": "ChildIdentifiers/PersonBirthDate",
			"death_date": "ChildIdentifiers/PersonDeathDate", "upn": "ChildIdentifiers/UPN",
		},
		rows: personRows,
	},
	"s47_enquiries": {
		columns: map[string]string{
			"s47_enquiry_id": "LAchildID+Section47/S47ActualStartDate", "person_id": "ChildIdentifiers/LAchildID",
			"start_date": "Section47/S47ActualStartDate",
		},
		rows: s47Rows,
	},
	"cp_conferences": {
		columns: map[string]string{
			"icpc_id": "LAchildID+DateOfInitialCPC", "person_id": "ChildIdentifiers/LAchildID",
			"s47_enquiry_id": "LAchildID+Section47/S47ActualStartDate", "icpc_target_date": "Section47/InitialCPCtarget",
			"icpc_date": "DateOfInitialCPC", "outcome_cp_plan": "ChildProtectionPlans/CPPstartDate on the conference date",
		},
		rows: conferenceRows,
	},
	"cp_plans": {
		columns: map[string]string{
			"cp_plan_id": "LAchildID+ChildProtectionPlans/CPPstartDate", "person_id": "ChildIdentifiers/LAchildID",
			"icpc_id": "LAchildID+DateOfInitialCPC", "start_date": "ChildProtectionPlans/CPPstartDate",
			"end_date": "ChildProtectionPlans/CPPendDate", "initial_category": "ChildProtectionPlans/InitialCategoryOfAbuse",
			"latest_category": "ChildProtectionPlans/LatestCategoryOfAbuse",
		},
		rows: planRows,
	},
	"cp_reviews": {
		columns: map[string]string{
			"cp_review_id": "LAchildID+CPPstartDate+Reviews/CPPreviewDate", "cp_plan_id": "LAchildID+ChildProtectionPlans/CPPstartDate",
			"review_date": "Reviews/CPPreviewDate",
		},
		rows: reviewRows,
	},
}

// rowBuilder turns children into rows of one table.
type rowBuilder struct {
	table  *canonical.Table
	index  map[string]int
	child  *child
	childP string // the current child's part of an id (canonical.ChildScoped), "" when it has no LAchildID
	out    []row
}

func newRowBuilder(table *canonical.Table) *rowBuilder {
	index := make(map[string]int, len(table.Columns))
	for i, c := range table.Columns {
		index[c.Name] = i
	}
	return &rowBuilder{table: table, index: index}
}

// build returns the rows of one child (valid until the next call).
func (b *rowBuilder) build(spec tableSpec, c *child) []row {
	b.out = b.out[:0]
	b.child = c
	b.childP = ""
	if id := strings.TrimSpace(c.Identifiers.V.LAchildID.Value); id != "" {
		b.childP = canonical.ChildScoped(id)
	}
	spec.rows(b, c)
	return b.out
}

// add appends a row; cols maps canonical columns to their values.
func (b *rowBuilder) add(line int64, cols map[string]text) {
	r := row{line: line, vals: make([]text, len(b.table.Columns))}
	for name, v := range cols {
		i, ok := b.index[name]
		if !ok {
			panic(fmt.Sprintf("cincensus: table %s has no column %s", b.table.Name, name))
		}
		r.vals[i] = v
	}
	for _, v := range r.vals { // in column order, so the message is stable
		if v.Again != 0 {
			r.problem = fmt.Sprintf("<%s> appears twice where the census allows it once (lines %d and %d): the row cannot be built",
				v.Name, v.Line, v.Again)
			break
		}
	}
	b.out = append(b.out, r)
}

// key builds an identifier from the child and some of its dates:
// the child's part (canonical.ChildScoped), then each date, separated by
// "/". The transforms replace the child's part with its pseudonym and hash
// the whole in its record's domain, so that no id made from LAchildID
// holds it in clear, even in the source's own rejections.
// A key missing a part is null, so the row is quarantined as lacking it.
func (b *rowBuilder) key(parts ...text) text {
	if b.childP == "" {
		return text{}
	}
	// The key carries a repeated part's lines, so the row is malformed.
	k := b.child.Identifiers.V.LAchildID
	var sb strings.Builder
	sb.WriteString(b.childP)
	for _, p := range parts {
		v := strings.TrimSpace(p.Value)
		if v == "" {
			return text{}
		}
		sb.WriteByte('/')
		sb.WriteString(v)
		if p.Again != 0 && k.Again == 0 {
			k.Name, k.Line, k.Again = p.Name, p.Line, p.Again
		}
	}
	k.Value = sb.String()
	return k
}

func literal(s string) text { return text{Value: s, Set: true} }

func personRows(b *rowBuilder, c *child) {
	id := c.Identifiers.V
	line := c.Identifiers.Line
	if line == 0 {
		line = c.Line
	}
	b.add(line, map[string]text{
		"person_id": id.LAchildID, "sex": sexOf(id), "ethnicity": c.Characteristics.V.Ethnicity,
		"dob": id.PersonBirthDate, "death_date": id.PersonDeathDate, "upn": id.UPN,
	})
}

func s47Rows(b *rowBuilder, c *child) {
	for _, d := range c.Details.Items {
		for _, s := range d.V.Section47.Items {
			b.add(s.Line, map[string]text{
				"s47_enquiry_id": b.key(s.V.S47ActualStartDate), "person_id": c.Identifiers.V.LAchildID,
				"start_date": s.V.S47ActualStartDate,
			})
		}
	}
}

// conferenceRows makes one conference per Section47 with a conference date,
// then one per CINdetails/DateOfInitialCPC on a day no Section47 of the
// child already gave (the same conference recorded at the episode level,
// typically when its S47 was in an earlier census year). A Section47 with
// no conference date (not yet held, or ICPCnotRequired) makes none.
func conferenceRows(b *rowBuilder, c *child) {
	planStarts := map[string]bool{}
	for _, d := range c.Details.Items {
		for _, p := range d.V.Plans.Items {
			planStarts[strings.TrimSpace(p.V.CPPstartDate.Value)] = true
		}
	}
	outcome := func(date text) text {
		return literal(fmt.Sprint(planStarts[strings.TrimSpace(date.Value)]))
	}
	held := map[string]bool{}
	for _, d := range c.Details.Items {
		for _, s := range d.V.Section47.Items {
			date := s.V.DateOfInitialCPC
			if strings.TrimSpace(date.Value) == "" {
				continue
			}
			held[strings.TrimSpace(date.Value)] = true
			b.add(s.Line, map[string]text{
				"icpc_id": b.key(date), "person_id": c.Identifiers.V.LAchildID,
				"s47_enquiry_id": b.key(s.V.S47ActualStartDate), "icpc_target_date": s.V.InitialCPCtarget,
				"icpc_date": date, "outcome_cp_plan": outcome(date),
			})
		}
	}
	for _, d := range c.Details.Items {
		date := d.V.DateOfInitialCPC
		v := strings.TrimSpace(date.Value)
		if v == "" || held[v] {
			continue
		}
		held[v] = true
		b.add(date.Line, map[string]text{
			"icpc_id": b.key(date), "person_id": c.Identifiers.V.LAchildID,
			"icpc_date": date, "outcome_cp_plan": outcome(date),
		})
	}
}

// conferenceDays are the days the child had an initial conference.
func conferenceDays(c *child) map[string]bool {
	days := map[string]bool{}
	for _, d := range c.Details.Items {
		if v := strings.TrimSpace(d.V.DateOfInitialCPC.Value); v != "" {
			days[v] = true
		}
		for _, s := range d.V.Section47.Items {
			if v := strings.TrimSpace(s.V.DateOfInitialCPC.Value); v != "" {
				days[v] = true
			}
		}
	}
	return days
}

func planRows(b *rowBuilder, c *child) {
	days := conferenceDays(c)
	for _, d := range c.Details.Items {
		for _, p := range d.V.Plans.Items {
			// A plan starts at the initial conference that decided on it.
			var icpc text
			if days[strings.TrimSpace(p.V.CPPstartDate.Value)] {
				icpc = b.key(p.V.CPPstartDate)
			}
			b.add(p.Line, map[string]text{
				"cp_plan_id": b.key(p.V.CPPstartDate), "person_id": c.Identifiers.V.LAchildID, "icpc_id": icpc,
				"start_date": p.V.CPPstartDate, "end_date": p.V.CPPendDate,
				"initial_category": abuseCategory(p.V.InitialCategoryOfAbuse),
				"latest_category":  abuseCategory(p.V.LatestCategoryOfAbuse),
			})
		}
	}
}

func reviewRows(b *rowBuilder, c *child) {
	for _, d := range c.Details.Items {
		for _, p := range d.V.Plans.Items {
			for _, rs := range p.V.Reviews.Items {
				for _, date := range rs.Dates.Items {
					b.add(date.Line, map[string]text{
						"cp_review_id": b.key(p.V.CPPstartDate, date), "cp_plan_id": b.key(p.V.CPPstartDate),
						"review_date": date,
					})
				}
			}
		}
	}
}

// sexOf reads <Sex> (M, F, U: already canonical codes) or, before 2024-25,
// <GenderCurrent> (1 male, 2 female, 0 not known, 9 not specified). Any
// other value is passed on as written, for the transforms to quarantine.
func sexOf(id identifiers) text {
	if id.Sex.Set {
		return id.Sex
	}
	g := id.GenderCurrent
	switch strings.TrimSpace(g.Value) {
	case "1":
		g.Value = "M"
	case "2":
		g.Value = "F"
	case "0", "9":
		g.Value = "U"
	}
	return g
}

// censusAbuse maps the census's category-of-abuse codes to the canonical
// ABUSE codes.
var censusAbuse = map[string]string{
	"NEG": "neglect", "PHY": "physical", "SAB": "sexual", "EMO": "emotional", "MUL": "multiple",
}

// abuseCategory maps a census category of abuse to its canonical code;
// any other value is passed on as written, for the transforms to
// quarantine (or a config mapping to translate).
func abuseCategory(t text) text {
	if code, ok := censusAbuse[strings.ToUpper(strings.TrimSpace(t.Value))]; ok {
		t.Value = code
	}
	return t
}
