package sqlfiles

import (
	"encoding/csv"
	"io"
	"io/fs"
	"slices"
)

// KPICodes lists the codes of the built-in KPIs (the first column of
// kpis/*.csv), sorted, for checking a config's targets before a run.
func KPICodes() ([]string, error) {
	files, err := fs.Glob(Files, "kpis/*.csv")
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, file := range files {
		f, err := Files.Open(file)
		if err != nil {
			return nil, err
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		for line := 0; ; line++ {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return nil, err
			}
			if line > 0 && len(rec) > 0 && rec[0] != "" {
				codes = append(codes, rec[0])
			}
		}
		f.Close()
	}
	slices.Sort(codes)
	return codes, nil
}
