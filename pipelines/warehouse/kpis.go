package warehouse

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"carewh/canonical"
)

// KPIDefinition is one board KPI, as sql/kpis/*.csv defines it.
type KPIDefinition struct {
	Code, Name, Area, Definition string
	Numerator, Denominator       string
	Better                       string // higher or lower
	DefaultTarget                *float64
	Source                       string
	SortOrder                    int
	Unit                         string   // share, per_100, days or ratio
	Requires                     []string // canonical tables the KPI is computed from
	File                         string
}

var kpiHeader = []string{"kpi_code", "kpi_name", "area", "definition", "numerator_definition",
	"denominator_definition", "better", "default_target", "source", "sort_order", "unit", "requires"}

// kpiUnits are what a KPI's value (numerator / denominator) can be: a share
// (at most 1, shown as a percentage), a rate per 100, an average number of
// days, or a plain ratio such as children per full-time IRO.
var kpiUnits = []string{"share", "per_100", "days", "ratio"}

// LoadKPIs reads every kpis/*.csv file of fsys. A code defined twice, a
// malformed row or an unknown direction is an error naming file and line.
func LoadKPIs(fsys fs.FS) ([]KPIDefinition, error) {
	files, err := fs.Glob(fsys, "kpis/*.csv")
	if err != nil {
		return nil, err
	}
	var out []KPIDefinition
	where := map[string]string{}
	var errs []error
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, err
		}
		r := csv.NewReader(strings.NewReader(string(data)))
		header, err := r.Read()
		if err != nil || !slices.Equal(header, kpiHeader) {
			errs = append(errs, fmt.Errorf("%s line 1: header must be %s", file, strings.Join(kpiHeader, ",")))
			continue
		}
		for {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", file, err))
				break
			}
			line, _ := r.FieldPos(0)
			k, err := parseKPI(rec)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s line %d: %w", file, line, err))
				continue
			}
			k.File = file
			if prev, dup := where[k.Code]; dup {
				errs = append(errs, fmt.Errorf("%s line %d: KPI %s is already defined in %s", file, line, k.Code, prev))
				continue
			}
			where[k.Code] = fmt.Sprintf("%s line %d", file, line)
			out = append(out, k)
		}
	}
	return out, errors.Join(errs...)
}

func parseKPI(rec []string) (KPIDefinition, error) {
	k := KPIDefinition{Code: rec[0], Name: rec[1], Area: rec[2], Definition: rec[3], Numerator: rec[4],
		Denominator: rec[5], Better: rec[6], Source: rec[8], Unit: rec[10]}
	if k.Code == "" || k.Name == "" || k.Definition == "" {
		return k, errors.New("kpi_code, kpi_name and definition are required")
	}
	if k.Better != "higher" && k.Better != "lower" {
		return k, fmt.Errorf("better must be higher or lower, got %q", k.Better)
	}
	for _, table := range strings.Split(rec[11], ";") {
		if _, err := canonical.Lookup(table); err != nil {
			return k, fmt.Errorf("requires: %w", err)
		}
		k.Requires = append(k.Requires, table)
	}
	if !slices.Contains(kpiUnits, k.Unit) {
		return k, fmt.Errorf("unit must be one of %v, got %q", kpiUnits, k.Unit)
	}
	if rec[7] != "" {
		t, err := strconv.ParseFloat(rec[7], 64)
		if err != nil {
			return k, fmt.Errorf("default_target %q is not a number", rec[7])
		}
		k.DefaultTarget = &t
	}
	n, err := strconv.Atoi(rec[9])
	if err != nil {
		return k, fmt.Errorf("sort_order %q is not a whole number", rec[9])
	}
	k.SortOrder = n
	return k, nil
}
