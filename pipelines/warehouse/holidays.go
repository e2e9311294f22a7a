package warehouse

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"time"

	"carewh/config"
)

// Holiday is one bank holiday (ops.bank_holidays).
type Holiday struct {
	Date time.Time
	Name string
}

// LoadHolidays reads the bank-holiday CSV (date,name) the config names, or
// the built-in England and Wales list.
func LoadHolidays(cfg *config.Config) ([]Holiday, error) {
	data, name := config.BankHolidaysCSV, "built-in bank holidays"
	if f := cfg.Calendar.BankHolidays; f != "" {
		var err error
		if data, err = os.ReadFile(f); err != nil {
			return nil, fmt.Errorf("reading bank holidays: %w", err)
		}
		name = f
	}
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil || len(header) < 1 || header[0] != "date" {
		return nil, fmt.Errorf("%s line 1: expected a header starting 'date'", name)
	}
	var out []Holiday
	seen := map[time.Time]bool{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		d, err := time.Parse(time.DateOnly, rec[0])
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %q is not a YYYY-MM-DD date", name, line, rec[0])
		}
		if seen[d] {
			return nil, fmt.Errorf("%s line %d: %s is listed twice", name, line, rec[0])
		}
		seen[d] = true
		h := Holiday{Date: d}
		if len(rec) > 1 {
			h.Name = rec[1]
		}
		out = append(out, h)
	}
	return out, nil
}
