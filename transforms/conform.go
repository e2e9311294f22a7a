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
	Mapper        CodeMapper
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
	seen     map[uint64]uint32 // key hash → line first seen: the one map as long as the table
	keyIndex int
	row      []cell
	codes    []memo[string]   // per Code column
	lists    []memo[[]string] // per CodeList column
	minDay   int32
	maxDay   int32
}

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
	return &Conformer{
		codes:    codes,
		lists:    lists,
		table:    table,
		opts:     opts,
		builder:  array.NewRecordBuilder(mem, table.Schema()),
		seed:     maphash.MakeSeed(),
		seen:     make(map[uint64]uint32),
		row:      make([]cell, len(table.Columns)),
		keyIndex: indexOf(table, table.Key),
		minDay:   DaysOf(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)),
		maxDay:   DaysOf(opts.AsOf.AddDate(5, 0, 0)),
	}
}

// Release frees the Conformer's builders.
func (c *Conformer) Release() { c.builder.Release() }

// Conform returns the rows of raw (a batch in the table's RawSchema) that
// keep every rule, typed as the table's Schema; every other row goes to q.
// The caller releases the returned batch.
func (c *Conformer) Conform(raw arrow.RecordBatch, origin string, q Quarantine) (arrow.RecordBatch, error) {
	cols := make([]*array.String, len(c.table.Columns))
	for i := range c.table.Columns {
		cols[i] = raw.Column(i).(*array.String)
	}
	lines := raw.Column(len(c.table.Columns)).(*array.Int64)
	c.builder.Reserve(int(raw.NumRows()))
	for r := 0; r < int(raw.NumRows()); r++ {
		rejections := c.parseRow(cols, r, origin, lines.Value(r))
		if len(rejections) == 0 {
			rejections = c.checkKey(cols, r, origin, lines.Value(r))
		}
		if len(rejections) > 0 {
			for _, rej := range rejections {
				if err := q.Reject(rej); err != nil {
					return nil, fmt.Errorf("quarantining %s line %d: %w", origin, rej.Line, err)
				}
			}
			continue
		}
		c.append(lines.Value(r))
	}
	return c.builder.NewRecordBatch(), nil
}

// parseRow fills c.row from row r and returns the rules it breaks.
func (c *Conformer) parseRow(cols []*array.String, r int, origin string, line int64) []Rejection {
	var out []Rejection
	reject := func(col canonical.Column, rule, value, format string, args ...any) {
		out = append(out, Rejection{
			Table: c.table.Name, Source: origin, Line: line, Key: c.rawKey(cols, r),
			Rule: rule, Column: col.Name, Value: c.safeValue(col, value),
			Message: fmt.Sprintf("%s line %d, column %s: %s", origin, line, c.sourceName(col), fmt.Sprintf(format, args...)),
		})
	}
	for i, col := range c.table.Columns {
		parsed := &c.row[i]
		*parsed = cell{null: true}
		if col.Name == canonical.UPNColumn && !c.opts.KeepUPN {
			continue
		}
		if cols[i].IsNull(r) {
			if col.Required {
				reject(col, RuleRequired, "", "a value is required")
			}
			continue
		}
		v := trimSpace(cols[i].Value(r))
		if v == "" {
			if col.Required {
				reject(col, RuleRequired, "", "a value is required")
			}
			continue
		}
		parsed.null = false
		var err error
		rule := RuleBadType
		switch col.Kind {
		case canonical.Text:
			parsed.str = c.identifierValue(col, v)
		case canonical.Code:
			parsed.str, err = c.codes[i].of(v, col.Codes, c.opts.Mapper, toCode)
			rule = RuleUnknownCode
		case canonical.CodeList:
			parsed.list, err = c.lists[i].of(v, col.Codes, c.opts.Mapper, toCodeList)
			if _, notJSON := err.(errNotJSON); !notJSON {
				rule = RuleUnknownCode
			}
		case canonical.Date:
			parsed.day, err = parseDate(v)
			if err == nil && (parsed.day < c.minDay || parsed.day > c.maxDay) {
				err = fmt.Errorf("%s is outside %s–%s", DateOf(parsed.day).Format(time.DateOnly),
					DateOf(c.minDay).Format(time.DateOnly), DateOf(c.maxDay).Format(time.DateOnly))
				rule = RuleDateRange
			}
		case canonical.Bool:
			parsed.b, err = parseBool(v)
		case canonical.Int:
			parsed.i, err = parseInt(v)
		case canonical.Float:
			parsed.f, err = parseFloat(v)
		}
		if err != nil {
			parsed.null = true
			reject(col, rule, v, "%v", err)
		}
	}
	if len(out) == 0 {
		c.checkRow(cols, r, reject)
	}
	return out
}

// checkRow applies the rules that look at several columns of a typed row.
func (c *Conformer) checkRow(cols []*array.String, r int, reject func(canonical.Column, string, string, string, ...any)) {
	for _, order := range c.table.DateOrders {
		ei, li := c.index(order.Earlier), c.index(order.Later)
		early, late := c.row[ei], c.row[li]
		if early.null || late.null || early.day <= late.day {
			continue
		}
		col := c.table.Columns[li]
		reject(col, RuleDateOrder, cols[li].Value(r), "%s is before %s %s",
			DateOf(late.day).Format(time.DateOnly), c.sourceName(c.table.Columns[ei]), DateOf(early.day).Format(time.DateOnly))
	}
	if c.table.CodeYearColumn != "" {
		yi := c.index(c.table.CodeYearColumn)
		for i, col := range c.table.Columns {
			if col.Codes != "PLACE" || c.row[i].null || c.row[yi].null {
				continue
			}
			if day := DateOf(c.row[yi].day); !canonical.PlacementValidOn(c.row[i].str, day) {
				reject(col, RuleCodeYear, c.row[i].str, "placement type %s is not in the code list of the collection year containing %s",
					c.row[i].str, day.Format(time.DateOnly))
			}
		}
	}
}
