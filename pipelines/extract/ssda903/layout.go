package ssda903

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// collection is one collection year's folder.
type collection struct {
	dir     string // full path
	folder  string // folder name as found
	endYear int    // the year ends on 31 March of endYear
}

// label names the collection year as the DfE writes it: 2023-24.
func (c collection) label() string {
	return fmt.Sprintf("%d-%02d", c.endYear-1, c.endYear%100)
}

// start is 1 April, the first day of the collection year.
func (c collection) start() time.Time {
	return time.Date(c.endYear-1, time.April, 1, 0, 0, 0, 0, time.UTC)
}

// end is 31 March, the last day of the collection year.
func (c collection) end() time.Time {
	return time.Date(c.endYear, time.March, 31, 0, 0, 0, 0, time.UTC)
}

var (
	financialYearName = regexp.MustCompile(`^(\d{4})[-_ ](\d{2}|\d{4})$`)
	endYearName       = regexp.MustCompile(`^(\d{4})$`)
)

// parseCollectionName reads a folder name as a collection year: 2023-24,
// 2023_24 or 2023-2024 (a financial year), or 2024 (the year the collection
// ends, as the DfE names a return).
func parseCollectionName(name string) (endYear int, ok bool) {
	if m := endYearName.FindStringSubmatch(name); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y, true
	}
	m := financialYearName.FindStringSubmatch(name)
	if m == nil {
		return 0, false
	}
	first, _ := strconv.Atoi(m[1])
	second, _ := strconv.Atoi(m[2])
	if len(m[2]) == 2 && second == (first+1)%100 || len(m[2]) == 4 && second == first+1 {
		return first + 1, true
	}
	return 0, false
}

// findCollections lists the collection-year folders under root, oldest
// first. A folder that is not a collection year, or two folders for the
// same year, is an error.
func findCollections(root string) ([]collection, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("reading SSDA903 folder: %w", err)
	}
	var out []collection
	var bad []string
	seen := map[int]string{}
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		y, ok := parseCollectionName(e.Name())
		if !ok {
			bad = append(bad, e.Name())
			continue
		}
		if prev, dup := seen[y]; dup {
			return nil, fmt.Errorf("SSDA903 folder %s: %s and %s are both the collection year %d-%02d", root, prev, e.Name(), y-1, y%100)
		}
		seen[y] = e.Name()
		out = append(out, collection{dir: filepath.Join(root, e.Name()), folder: e.Name(), endYear: y})
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("SSDA903 folder %s: folder(s) %s are not collection years (name them like 2023-24, or 2024 for the year ending 31 March 2024)",
			root, strings.Join(bad, ", "))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("SSDA903 folder %s has no collection-year folders (like 2023-24/ or 2024/)", root)
	}
	slices.SortFunc(out, func(a, b collection) int { return a.endYear - b.endYear })
	return out, nil
}

// normaliseName lower-cases a file name without its extension and drops
// everything but letters and digits: SSDA903_Episodes_2024.csv →
// ssda903episodes2024.
func normaliseName(name string) string {
	name = strings.TrimSuffix(strings.ToLower(name), ".csv")
	var b strings.Builder
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// findFile returns the CSV file of spec in a collection's folder, "" if
// there is none, or an error if more than one name matches.
func findFile(c collection, spec *fileSpec) (string, error) {
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", c.dir, err)
	}
	var found []string
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
			continue
		}
		if spec.matches(normaliseName(e.Name())) {
			found = append(found, e.Name())
		}
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return filepath.Join(c.dir, found[0]), nil
	default:
		return "", fmt.Errorf("%s: more than one file looks like the %s file: %s; keep one",
			c.folder, spec.name, strings.Join(found, ", "))
	}
}
