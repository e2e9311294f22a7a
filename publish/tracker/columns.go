package tracker

import (
	"fmt"
	"slices"
	"strings"
)

// kind is how a column's values are written.
type kind int

const (
	text kind = iota
	date
	number
)

// Column is one column of the tracker: a column of marts.permanence_tracker
// under a heading a practitioner reads.
type Column struct {
	// Header is the plain-English heading.
	Header string
	// Mart is the marts.permanence_tracker column it shows.
	Mart string
	// Help says what the column holds (the XLSX's About sheet).
	Help string
	kind kind
	// expr is the SQL that reads it, when not the mart column as it is.
	expr  string
	width float64
}

// sql is the expression that reads the column's value.
func (c Column) sql() string {
	if c.expr != "" {
		return c.expr
	}
	return c.Mart
}

// sentence turns a lower-case value ("not yet due") into "Not yet due".
func sentence(col string) string {
	return fmt.Sprintf("upper(left(%[1]s, 1)) || substr(%[1]s, 2)", col)
}

// yesNo writes a boolean as Yes or No.
func yesNo(col string) string {
	return fmt.Sprintf("CASE WHEN %[1]s THEN 'Yes' WHEN NOT %[1]s THEN 'No' END", col)
}

// Columns are the tracker's columns, in order: every column of
// marts.permanence_tracker.
var Columns = []Column{
	{Header: "Child (pseudonym)", Mart: "person_id", width: 34,
		Help: "The child's pseudonym: the same in every carewh table and run; the case system's id is never exported."},
	{Header: "Team", Mart: "team", width: 14,
		Help: "The team of the child's social worker on the as-at date; blank when no social worker is allocated."},
	{Header: "IRO", Mart: "iro_id", width: 34,
		Help: "The child's Independent Reviewing Officer (pseudonym)."},
	{Header: "Social worker", Mart: "social_worker_id", width: 34,
		Help: "The child's social worker (pseudonym)."},
	{Header: "Entered care", Mart: "entered_care_date", kind: date, width: 12,
		Help: "The day this period of care began."},
	{Header: "Days in care", Mart: "days_in_care", kind: number, width: 9,
		Help: "Days from entering care to the as-at date."},
	{Header: "Age", Mart: "age", kind: number, width: 6,
		Help: "The child's age on the as-at date."},
	{Header: "Legal status", Mart: "legal_status", width: 9,
		Help: "SSDA903 legal status code (C2 full care order, E1 placement order, V2 section 20, ...)."},
	{Header: "Placement type", Mart: "placement_type", width: 10,
		Help: "SSDA903 placement code (U4 foster care, K2 children's home, A3–A6 placed for adoption, ...)."},
	{Header: "Placements in last 12 months", Mart: "placements_last_12_months", kind: number, width: 12,
		Help: "Every placement the child lived in during the last 12 months, moves with the same carer included."},
	{Header: "Last placement move", Mart: "last_move_date", kind: date, width: 12,
		Help: "The day of the latest move to a new placement in this period of care."},
	{Header: "Permanence plan", Mart: "permanence_plan", expr: "array_to_string(permanence_plan, ', ')", width: 20,
		Help: "The permanence plan's codes (ADOPTION, LTFOST18 long-term fostering, LTRELFR long-term with relatives or friends, RETURN6M return home within 6 months, ...); two or more is parallel planning."},
	{Header: "Parallel planning", Mart: "parallel_planning", expr: yesNo("parallel_planning"), width: 10,
		Help: "Yes when the plan has more than one code."},
	{Header: "Plan first recorded", Mart: "plan_first_recorded", kind: date, width: 12,
		Help: "When a permanence plan was first recorded in this period of care."},
	{Header: "Plan by review 2", Mart: "plan_by_review_2", expr: sentence("plan_by_review_2"), width: 11,
		Help: "Was a permanence plan in place by the second review? Yes, No, or Not yet due."},
	{Header: "ADM decision", Mart: "adm_decision_date", kind: date, width: 12,
		Help: "The agency decision maker's decision that the child should be placed for adoption."},
	{Header: "Placement order", Mart: "placement_order_date", kind: date, width: 12,
		Help: "The day the court made a placement order."},
	{Header: "Matched", Mart: "matched_date", kind: date, width: 12,
		Help: "The day the child was matched with adopters."},
	{Header: "Placed for adoption", Mart: "placed_for_adoption_date", kind: date, width: 12,
		Help: "The day the child moved in with the adoptive family."},
	{Header: "Decision reversed", Mart: "decision_reversed_date", kind: date, width: 12,
		Help: "The day a decision that the child should be adopted was reversed."},
	{Header: "Order granted", Mart: "order_granted_date", kind: date, width: 12,
		Help: "The day a permanence order (adoption, special guardianship, child arrangements) was granted."},
	{Header: "Order type", Mart: "order_type", width: 16,
		expr: "CASE order_type WHEN 'adoption' THEN 'Adoption order' WHEN 'sgo' THEN 'Special guardianship order' " +
			"WHEN 'cao' THEN 'Child arrangements order' ELSE order_type END",
		Help: "Which permanence order was granted."},
	{Header: "Previously returned home", Mart: "previous_return_home_date", kind: date, width: 12,
		Help: "When the child last returned home from an earlier period of care."},
	{Header: "Life story work", Mart: "life_story_work", expr: sentence("life_story_work"), width: 11,
		Help: "Not started, Started or Completed."},
	{Header: "Stability meeting since move", Mart: "stability_meeting_since_move", expr: sentence("stability_meeting_since_move"), width: 11,
		Help: "Was a stability or disruption meeting held after the last placement move? Yes, No, or No move."},
	{Header: "Next review due", Mart: "next_review_due", kind: date, width: 12,
		Help: "When the next statutory LAC review is due."},
	{Header: "Review days overdue", Mart: "review_days_overdue", kind: number, width: 9,
		Help: "Days the next review is overdue by; 0 when it is not overdue."},
	{Header: "Period of care", Mart: "period_id", width: 24,
		Help: "This period of care: the child's pseudonym and the day it began."},
	{Header: "As at", Mart: "as_at_date", kind: date, width: 12,
		Help: "The date the tracker is as at (the run's as-at date)."},
	{Header: "RAG", Mart: "rag", expr: sentence("rag"), width: 8,
		Help: "Red, Amber or Green: see the rules below."},
	{Header: "Reason", Mart: "rag_reason", width: 60,
		Help: "Every reason for the rating, most serious first; \"on track\" when green."},
}

// TextColumn is a column of text that is no column of the mart: one an
// identified export adds (InsertColumn), named name so that later
// columns can be inserted after it.
func TextColumn(name, header, help string, width float64) Column {
	return Column{Header: header, Mart: name, Help: help, kind: text, width: width}
}

// index is the position of the column showing mart column mart in cols,
// or -1.
func index(cols []Column, mart string) int {
	return slices.IndexFunc(cols, func(c Column) bool { return c.Mart == mart })
}

// Filter narrows the tracker to one team, one IRO, or both. Values are as
// in the mart: the team's name, the IRO's pseudonym.
type Filter struct {
	Team, IRO string
}

// where is the SQL condition for the filter, values quoted as literals
// (the query also feeds COPY, which takes no parameters).
func (f Filter) where() string {
	conds := []string{"TRUE"}
	if f.Team != "" {
		conds = append(conds, "team = "+literal(f.Team))
	}
	if f.IRO != "" {
		conds = append(conds, "iro_id = "+literal(f.IRO))
	}
	return strings.Join(conds, " AND ")
}

// query selects the tracker's rows, headed in plain English: reds first,
// then ambers, then greens; within each by team and the longest in care.
func query(f Filter) string {
	cols := make([]string, len(Columns))
	for i, c := range Columns {
		cols[i] = c.sql() + " AS " + identifier(c.Header)
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM marts.permanence_tracker WHERE " + f.where() +
		" ORDER BY CASE rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END, team NULLS LAST, days_in_care DESC, person_id"
}

func literal(s string) string    { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
func identifier(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
