package canonical

import "github.com/apache/arrow-go/v18/arrow"

// LineColumn is the raw column holding each row's position in its source
// (the line of a CSV file, the row number of a database query).
const LineColumn = "_line"

// SourceColumn is the typed column naming the file (or source table) each
// row came from, beside its line: a table read from several files (the 903's
// yearly Episodes files, AD1 and PlacedAdoption merged into permanence)
// needs both to point at a row.
const SourceColumn = "_source"

// RawSchema is the shape sources yield a table in before it is typed: every
// canonical column as nullable text, in canonical order, then the line.
// A column the source does not have is all null.
func (t *Table) RawSchema() *arrow.Schema {
	fields := make([]arrow.Field, 0, len(t.Columns)+1)
	for _, c := range t.Columns {
		fields = append(fields, arrow.Field{Name: c.Name, Type: arrow.BinaryTypes.String, Nullable: true})
	}
	fields = append(fields, arrow.Field{Name: LineColumn, Type: arrow.PrimitiveTypes.Int64})
	return arrow.NewSchema(fields, nil)
}

// UPNColumn is the pupil number column, dropped unless the config keeps it.
const UPNColumn = "upn"
