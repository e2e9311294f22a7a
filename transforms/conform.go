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
	natural  naturalKeys
	keyIndex int
	row      []cell
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
		row:      make([]cell, len(table.Columns)),
		recent:   make([]recentID, len(table.Columns)),
		keyIndex: indexOf(table, table.Key),
		minDay:   canonical.DaysOf(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)),
		maxDay:   canonical.DaysOf(opts.AsOf.AddDate(maxYearsAhead, 0, 0)),
		asOfDay:  canonical.DaysOf(opts.AsOf),
		event:    -1,
		exempt:   -1,
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
	c.builder.Reserve(int(raw.NumRows()))
	for r := 0; r < int(raw.NumRows()); r++ {
		line := lines.Value(r)
		c.counts.Read++
		c.problems = c.problems[:0]
		c.parseRow(cols, r)
		if !c.rejected() {
			c.checkRow(cols, r)
		}
		var key, nat uint64
		var hasNat bool
		if !c.rejected() {
			key = c.checkKey(cols, r)
		}
		if !c.rejected() {
			nat, hasNat = c.checkNatural(origin)
		}
		if err := c.report(cols, r, origin, line, q); err != nil {
			return nil, fmt.Errorf("quarantining %s line %d: %w", origin, line, err)
		}
		if c.rejected() {
			c.counts.Quarantined++
			continue
		}
		c.seen.put(key, clampLine(line))
		if hasNat {
			// the key's pseudonym, made once by parseRow
			c.natural.add(nat, line, origin, c.row[c.keyIndex].str)
		}
		if len(c.problems) > 0 {
			c.counts.Fixed++
		}
		c.append(line, origin)
	}
	return c.builder.NewRecordBatch(), nil
}
