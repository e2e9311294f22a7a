package synthetic

import (
	"errors"
	"fmt"
	"time"
)

// Options says what WriteDir generates.
type Options struct {
	// Seed makes the output reproducible: the same Seed, Scale and AsOf
	// give byte-identical files.
	Seed int64
	// Scale is the number of councils, at least 1; 0 means 1.
	Scale int
	// AsOf is the extract date: the history runs six years up to it.
	// Only its calendar date is used.
	AsOf time.Time
	// Conflicts are the rates of the conflict kinds (ConflictKinds); nil
	// means DefaultConflictRates, &NoConflicts none.
	Conflicts *ConflictRates
}

// historyYears is how far back the extract window runs from AsOf.
const historyYears = 6

// normalise applies defaults and checks the options.
func (o Options) normalise() (Options, error) {
	if o.Scale == 0 {
		o.Scale = 1
	}
	if o.Scale < 0 {
		return o, fmt.Errorf("synthetic: Scale must be at least 1, got %d", o.Scale)
	}
	if o.AsOf.IsZero() {
		return o, errors.New("synthetic: AsOf is required")
	}
	y, m, d := o.AsOf.Date()
	o.AsOf = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if o.Conflicts == nil {
		rates := DefaultConflictRates
		o.Conflicts = &rates
	}
	return o, nil
}

// tuning holds knobs that tests turn; WriteDir uses defaultTuning.
type tuning struct {
	// size multiplies every population (children, staff) of every
	// council. Tests shrink it to run quickly.
	size float64
	// noRowFaults turns off the row faults (faultSpecs), so that a test
	// can count the conflicts it sees in the files exactly.
	noRowFaults bool
}

func defaultTuning() tuning { return tuning{size: 1} }
