package canonical

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Kind is the logical type of a canonical column.
type Kind int

const (
	Text     Kind = iota // free text or an identifier
	Code                 // one value from a code list
	Date                 // a calendar date, stored as date32
	Bool                 // Y/N, Yes/No, true/false, 1/0
	Int                  // a whole number
	Float                // a decimal number
	CodeList             // several values from a code list, stored as list<string>
)

func (k Kind) String() string {
	return [...]string{"text", "code", "date", "bool", "int", "float", "code list"}[k]
}

// Identifier is the pseudonymisation domain of a column that holds an
// identifier, so must be pseudonymised before it reaches the lake: a child,
// a member of staff, or a record (an episode, a review, a plan …). A key
// and every column that refers to it share a domain, so the pseudonyms
// still join; ids of different domains that happen to be equal do not
// share a pseudonym. "" (NotIdentifying) is a column that identifies
// nothing.
type Identifier string

const (
	NotIdentifying Identifier = ""
	PersonID       Identifier = "person" // a child
	StaffID        Identifier = "staff"  // a professional
)

// Column is one column of a canonical table.
type Column struct {
	Name     string
	Kind     Kind
	Codes    string // code list name, for Code and CodeList columns
	Required bool
	ID       Identifier
	// Source is the column's name in the SSD export (or the local form's
	// canonical name). Empty means the SSD has no such column: the value is
	// derived in staging.
	Source string
	// Extension marks a Source column that is not in the published SSD but
	// that a council's export may add; missing extension columns are null.
	Extension bool
	// NonNegative marks a number no record can hold below zero (an FTE).
	NonNegative bool
}

// DateOrder is a rule that one date column is not after another.
type DateOrder struct{ Earlier, Later string }

// Table is a canonical table and where it comes from in an SSD export.
type Table struct {
	Name       string
	SourceFile string // file stem in an SSD CSV export, e.g. "ssd_person"
	Key        string
	Columns    []Column
	DateOrders []DateOrder
	// CodeYearColumn is the date that decides which collection year's
	// PLACE code list a row's placement type is checked against.
	CodeYearColumn string
	// EventDate is the date the row's event happened on (a review held, a
	// visit made). A row whose event date is after the run's as-at date is
	// not history: it is quarantined whole (rule future_date).
	EventDate string
	// FutureAllowed exempts from the EventDate rule the rows whose column
	// holds a value (a planned health check may be in the future).
	FutureAllowed ColumnValue
	// NotAfterAsAt names date columns no row may hold after the run's
	// as-at date, whatever its event (a date of birth): the rule
	// future_date, rejecting the row if the column is required, else
	// emptying the value.
	NotAfterAsAt []string
	// Natural is the table's natural key, if any: the columns that make
	// two rows the same real-world record even under different keys.
	Natural *NaturalKey
}

// ColumnValue is a column and one of its (typed) values.
type ColumnValue struct{ Column, Value string }

// NaturalKey names the columns that identify a real-world record, and says
// in words what two rows then share, for messages.
type NaturalKey struct {
	Columns []string
	// Record is what a row is, in words ("CP plan").
	Record string
	// Same says what two rows with equal Columns share ("same child and
	// start date").
	Same string
}

// Column returns the named column.
func (t *Table) Column(name string) (Column, bool) {
	for _, c := range t.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}

// ArrowType is the Arrow type a column of this kind is stored as.
func (k Kind) ArrowType() arrow.DataType {
	switch k {
	case Date:
		return arrow.FixedWidthTypes.Date32
	case Bool:
		return arrow.FixedWidthTypes.Boolean
	case Int:
		return arrow.PrimitiveTypes.Int64
	case Float:
		return arrow.PrimitiveTypes.Float64
	case CodeList:
		return arrow.ListOf(arrow.BinaryTypes.String)
	default:
		return arrow.BinaryTypes.String
	}
}

// Schema is the table's typed Arrow schema, as written to the lake: the
// canonical columns, then the source line and file each row came from, so a
// problem found later in the warehouse can still name its row.
func (t *Table) Schema() *arrow.Schema {
	fields := make([]arrow.Field, 0, len(t.Columns)+2)
	for _, c := range t.Columns {
		fields = append(fields, arrow.Field{Name: c.Name, Type: c.Kind.ArrowType(), Nullable: !c.Required})
	}
	fields = append(fields, arrow.Field{Name: LineColumn, Type: arrow.PrimitiveTypes.Int64},
		arrow.Field{Name: SourceColumn, Type: arrow.BinaryTypes.String})
	return arrow.NewSchema(fields, nil)
}

// Lookup returns the canonical table with this name.
func Lookup(name string) (*Table, error) {
	for _, t := range Tables {
		if t.Name == name {
			return t, nil
		}
	}
	return nil, fmt.Errorf("no canonical table %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Names lists the canonical tables in load order.
func Names() []string {
	names := make([]string, len(Tables))
	for i, t := range Tables {
		names[i] = t.Name
	}
	return names
}
