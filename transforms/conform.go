package transforms

import (
	"fmt"
	"hash/maphash"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
)

// Options are what conforming needs beyond the table itself.
type Options struct {
	AsOf          time.Time
	Mapper        canonical.CodeMapper
	Pseudonymiser *Pseudonymiser
	KeepUPN       bool
	// SourceColumns names, per canonical column, the column it was read
	// from, so messages speak the source's language. Missing entries fall
	// back to the canonical name.
	SourceColumns map[string]string
}

// Conformer types, checks and pseudonymises the raw batches of one table.
// It remembers the keys it has seen, so one Conformer must see all of a
// table's batches. Not safe for concurrent use.
type Conformer struct {
	table    *canonical.Table
	opts     Options
	builder  *array.RecordBuilder
	seed     maphash.Seed
	seen     hashIndex // key hash → line first seen: the one structure as long as the table
	group    [rowGroup]groupRow
	touched  uint32 // what touching the indexes read, kept so the reads happen
	natural  naturalKeys
	keyIndex int
	row      []cell           // the current row's cells, in group
	problems []problem        // the current row's
	codes    []memo[string]   // per Code column
	lists    []memo[[]string] // per CodeList column
	recent   []recentID       // per column: its last identifier and pseudonym
	minDay   int32
	maxDay   int32
	asOfDay  int32
	event    int // EventDate column, -1 if none
	exempt   int // FutureAllowed column, -1 if none
	counts   Counts
}

// Counts is what became of the rows a Conformer was given. Every row read
// is loaded unchanged, loaded with bad values emptied (Fixed), or
// quarantined whole: Read = loaded unchanged + Fixed + Quarantined.
type Counts struct {
	Read        int64
	Fixed       int64
	Quarantined int64
}

// Loaded is how many rows were written, fixed ones included.
func (c Counts) Loaded() int64 { return c.Read - c.Quarantined }

// cell is one parsed value of the row being conformed.
type cell struct {
	null bool
	str  string
	day  int32
	b    bool
	i    int64
	f    float64
	list []string
}

// NewConformer prepares to conform batches of table.
func NewConformer(mem memory.Allocator, table *canonical.Table, opts Options) *Conformer {
	codes := make([]memo[string], len(table.Columns))
	lists := make([]memo[[]string], len(table.Columns))
	for i, col := range table.Columns {
		switch col.Kind {
		case canonical.Code:
			codes[i] = memo[string]{}
		case canonical.CodeList:
			lists[i] = memo[[]string]{}
		}
	}
	c := &Conformer{
		codes:    codes,
		lists:    lists,
		table:    table,
		opts:     opts,
		builder:  array.NewRecordBuilder(mem, table.Schema()),
		seed:     maphash.MakeSeed(),
		recent:   make([]recentID, len(table.Columns)),
		keyIndex: indexOf(table, table.Key),
		minDay:   canonical.DaysOf(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)),
		maxDay:   canonical.DaysOf(opts.AsOf.AddDate(maxYearsAhead, 0, 0)),
		asOfDay:  canonical.DaysOf(opts.AsOf),
		event:    -1,
		exempt:   -1,
	}
	for i := range c.group {
		c.group[i].cells = make([]cell, len(table.Columns))
	}
	if table.EventDate != "" {
		c.event = c.index(table.EventDate)
	}
	if table.FutureAllowed.Column != "" {
		c.exempt = c.index(table.FutureAllowed.Column)
	}
	if table.Natural != nil {
		c.natural = newNaturalKeys(table)
	}
	return c
}

// maxYearsAhead is how far after the run's as-at date a date may be: a
// planned date can be in the future, a date further ahead is no real date.
const maxYearsAhead = 5

// Release frees the Conformer's builders.
func (c *Conformer) Release() { c.builder.Release() }

// Counts is what became of every row conformed so far.
func (c *Conformer) Counts() Counts { return c.counts }

// Conform returns the rows of raw (a batch in the table's RawSchema) that
// keep every rule, typed as the table's Schema with origin as each row's
// source; every broken rule goes to q. A bad value in a column that is
// neither the key nor required is emptied and the row kept (rule
// bad_value); any other broken rule rejects the row whole. The caller
// releases the returned batch.
func (c *Conformer) Conform(raw arrow.RecordBatch, origin string, q canonical.Quarantine) (arrow.RecordBatch, error) {
	cols := make([]*array.String, len(c.table.Columns))
	for i := range c.table.Columns {
		cols[i] = raw.Column(i).(*array.String)
	}
	lines := raw.Column(len(c.table.Columns)).(*array.Int64)
	origin = canonical.ValidText(origin) // a file's name is stored with its rows
	n := int(raw.NumRows())
	c.builder.Reserve(n)
	for from := 0; from < n; from += rowGroup {
		to := min(from+rowGroup, n)
		c.hashKeys(cols, from, to)
		for r := from; r < to; r++ {
			c.readRow(cols, r, &c.group[r-from])
		}
		c.touchNatural(to - from)
		for r := from; r < to; r++ {
			if err := c.keepRow(cols, r, lines.Value(r), origin, q, &c.group[r-from]); err != nil {
				return nil, err
			}
		}
	}
	batch := c.builder.NewRecordBatch()
	c.reserveLike(batch)
	return batch, nil
}

// reserveLike makes room in the builder's text columns for a batch like
// batch: the next is most often the same size, and room up front saves
// growing each column's bytes from nothing by doubling, a copy at each
// step (at 150 councils growing the builders' buffers took 9.5 s of
// ingest's CPU).
func (c *Conformer) reserveLike(batch arrow.RecordBatch) {
	for i, col := range batch.Columns() {
		if text, ok := col.(*array.String); ok {
			n := len(text.ValueBytes())
			c.builder.Field(i).(*array.StringBuilder).ReserveData(n + n/8)
		}
	}
}

// rowGroup is how many rows are read together before any is kept: their
// keys' slots in the indexes of keys seen are touched between
// (hashIndex.touch), so that the lookups of the group wait for memory
// once, not once a row.
const rowGroup = 16

// groupRow is a row of the group being conformed, read but not yet kept.
type groupRow struct {
	cells      []cell
	problems   []problem
	key        uint64 // the key's hash
	natural    uint64 // the natural key's hash, if hasNatural
	hasNatural bool
}

// readRow parses row r into g and checks the rules of the row alone.
func (c *Conformer) readRow(cols []*array.String, r int, g *groupRow) {
	// the last row's problems may hold values from a released batch: let them go
	clear(g.problems)
	c.row, c.problems = g.cells, g.problems[:0]
	c.parseRow(cols, r)
	if !c.rejected() {
		c.checkRow(cols, r)
	}
	g.hasNatural = false
	if !c.rejected() {
		g.natural, g.hasNatural = c.naturalHash()
	}
	g.problems = c.problems
}

// keepRow checks row r, read into g, against the rows kept before it,
// reports its problems, and keeps it unless it is rejected.
func (c *Conformer) keepRow(cols []*array.String, r int, line int64, origin string, q canonical.Quarantine, g *groupRow) error {
	c.row, c.problems = g.cells, g.problems
	c.counts.Read++
	if !c.rejected() {
		c.checkKey(cols, r, g.key)
	}
	if !c.rejected() && g.hasNatural {
		c.checkNatural(g.natural, origin)
	}
	g.problems = c.problems
	if err := c.report(cols, r, origin, line, q); err != nil {
		return fmt.Errorf("quarantining %s line %d: %w", origin, line, err)
	}
	if c.rejected() {
		c.counts.Quarantined++
		return nil
	}
	c.seen.put(g.key, clampLine(line))
	if g.hasNatural {
		// the key's pseudonym, made once by parseRow
		c.natural.add(g.natural, line, origin, c.row[c.keyIndex].str)
	}
	if len(c.problems) > 0 {
		c.counts.Fixed++
	}
	c.append(line, origin)
	return nil
}
