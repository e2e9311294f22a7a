package bench

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The changed copy's tests read a source folder and its copy as each
// child's lines of each file (folder), finding the child of a row
// independently of the copy's own rules (childColumns).

// childColumns says, for every file the generator writes, the columns
// that name a row's child, in the order the copy tries them: the person id
// ("person"), or an episode, period of care or plan ("episode:", "cla:",
// "plan:") that names one. Written out here rather than taken from the
// copy's own rules, so that the test finds a row the copy attributes
// wrongly; a file the generator adds must be added here.
var childColumns = map[string][]string{
	"case_audits.csv":               {"person_id"},
	"cla_pep.csv":                   {"person_id"},
	"iro_challenges.csv":            {"person_id"},
	"iro_midpoint_checks.csv":       {"person_id", "cla:cla_id"},
	"life_story_work.csv":           {"person_id"},
	"ssd_address.csv":               {"addr_person_id"},
	"ssd_cla_care_plan.csv":         {"lacp_person_id"},
	"ssd_cla_episodes.csv":          {"clae_person_id", "episode:clae_cla_episode_id", "cla:clae_cla_id"},
	"ssd_cla_health.csv":            {"clah_person_id"},
	"ssd_cla_placement.csv":         {"episode:clap_cla_episode_id", "cla:clap_cla_id"},
	"ssd_cla_reviews.csv":           {"episode:clar_cla_episode_id", "cla:clar_cla_id"},
	"ssd_cla_visits.csv":            {"episode:clav_cla_episode_id", "cla:clav_cla_id"},
	"ssd_cp_plans.csv":              {"cppl_person_id", "plan:cppl_cp_plan_id"},
	"ssd_cp_reviews.csv":            {"plan:cppr_cp_plan_id"},
	"ssd_initial_cp_conference.csv": {"icpc_person_id", "plan:icpc_cp_plan_id"},
	"ssd_involvements.csv":          {"invo_person_id"},
	"ssd_legal_status.csv":          {"lega_person_id"},
	"ssd_permanence.csv":            {"perm_person_id", "cla:perm_cla_id"},
	"ssd_person.csv":                {"pers_person_id"},
	"ssd_professionals.csv":         nil,
	"ssd_s47_enquiry.csv":           {"s47e_person_id"},
	"stability_meetings.csv":        {"person_id"},
}

// csvFile is a CSV file as lines (without line endings) and records.
type csvFile struct {
	lines   []string
	col     map[string]int
	records [][]string // records[i] is lines[i+1]
}

func readCSVFile(t *testing.T, path string) csvFile {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := csvFile{lines: strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	all, err := r.ReadAll()
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	if len(all) != len(f.lines) {
		t.Fatalf("%s: %d records on %d lines: a field with a line break", path, len(all), len(f.lines))
	}
	f.col, f.records = columns(all[0]), all[1:]
	return f
}

// get is column name of data record i ("" if none).
func (f csvFile) get(i int, name string) string { return value(f.col, f.records[i], name) }

// rows is the file's records by column name.
func (f csvFile) rows() []map[string]string {
	out := make([]map[string]string, len(f.records))
	for i, rec := range f.records {
		out[i] = rowMap(f.col, rec)
	}
	return out
}

// folder is every CSV file of a source folder, and each data line's child.
type folder struct {
	files map[string]csvFile
	owner map[string][]string // by file: each data record's child, "" for none
}

// readFolder reads dir, finding each row's child by childColumns through
// the episodes, periods and plans of via (both folders' files, so that a
// row of the copy naming a new episode finds its child).
func readFolder(t *testing.T, dir string, via map[string]map[string]string) folder {
	t.Helper()
	fo := folder{files: map[string]csvFile{}, owner: map[string][]string{}}
	names, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range names {
		name := filepath.Base(path)
		rules, ok := childColumns[name]
		if !ok {
			t.Fatalf("%s: a file the test does not know: add it to childColumns", name)
		}
		f := readCSVFile(t, path)
		fo.files[name] = f
		owners := make([]string, len(f.records))
		for i := range f.records {
			for _, r := range rules {
				kind, column, found := strings.Cut(r, ":")
				if !found {
					kind, column = "person", r
				}
				v := f.get(i, column)
				if v == "" {
					continue
				}
				if kind == "person" {
					owners[i] = v
				} else {
					owners[i] = via[kind][v]
				}
				break
			}
		}
		fo.owner[name] = owners
	}
	return fo
}

// childMaps are the episodes, periods and plans of dirs, each with its
// child.
func childMaps(t *testing.T, dirs ...string) map[string]map[string]string {
	t.Helper()
	via := map[string]map[string]string{"episode": {}, "cla": {}, "plan": {}}
	for _, dir := range dirs {
		ep := readCSVFile(t, filepath.Join(dir, fileEpisodes))
		for i := range ep.records {
			p := ep.get(i, "clae_person_id")
			via["episode"][ep.get(i, "clae_cla_episode_id")] = p
			via["cla"][ep.get(i, "clae_cla_id")] = p
		}
		pl := readCSVFile(t, filepath.Join(dir, filePlans))
		for i := range pl.records {
			via["plan"][pl.get(i, "cppl_cp_plan_id")] = pl.get(i, "cppl_person_id")
		}
	}
	return via
}

// linesOf are each child's data lines of a file of fo, in order.
func (fo folder) linesOf(name string) map[string][]string {
	out := map[string][]string{}
	for i, p := range fo.owner[name] {
		out[p] = append(out[p], fo.files[name].lines[i+1])
	}
	return out
}

// byID is a file's rows by their first column.
func byID(f csvFile) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, row := range f.rows() {
		out[row[f.firstColumn()]] = row
	}
	return out
}

func (f csvFile) firstColumn() string {
	for h, i := range f.col {
		if i == 0 {
			return h
		}
	}
	return ""
}

// onlyChanged reports the columns of b that differ in a, but for allowed.
func onlyChanged(a, b map[string]string, allowed ...string) []string {
	var other []string
	for k := range b {
		if a[k] != b[k] && !slices.Contains(allowed, k) {
			other = append(other, k)
		}
	}
	return other
}
