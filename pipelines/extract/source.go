// Package extract defines what a source of case-system data is, and the
// registry of source kinds. Each kind lives in its own folder.
package extract

import (
	"context"
	"errors"

	"github.com/apache/arrow-go/v18/arrow/array"

	"carewh/canonical"
)

// ErrNotProvided is returned (wrapped) by Open for a canonical table the
// source does not carry at all, such as the IRO forms in a DfE SSDA903
// return. The table loads empty and the marts that need it say "not
// available from this source" instead of reporting zero.
var ErrNotProvided = errors.New("not provided by this source")

// Source reads canonical tables from one case system.
type Source interface {
	// Open starts reading a table. The reader yields batches in the table's
	// RawSchema; rows too malformed to split into columns go to q.
	Open(ctx context.Context, table *canonical.Table, q canonical.Quarantine) (TableReader, error)
	// Close releases the source; it is safe to call more than once.
	Close() error
}

// TableReader is a stream of raw batches of one table.
type TableReader interface {
	array.RecordReader
	// Origin names where the rows come from (a file, a database table), as
	// messages and the quarantine show it.
	Origin() string
	// SourceColumns maps each canonical column to the source column read.
	SourceColumns() map[string]string
}

// Sizer is a Source that can tell, cheaply, how large each table's input
// is. Tables are ingested a few at a time, largest first, so that the run
// does not end with one core working through a large table alone.
type Sizer interface {
	// Size is the table's input in bytes; 0 when unknown.
	Size(table *canonical.Table) int64
}
