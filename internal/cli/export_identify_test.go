package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"carewh/canonical"
	"carewh/publish"
	"carewh/transforms"
)

// identifySource is the re-identification fixture: the permanence tracker
// golden case with names as real extracts carry them (see its README).
const identifySource = "../../testdata/identify/source"

// sourcePeople reads a fixture's SSD CSV file independently of carewh's
// readers (encoding/csv, ids trimmed as the transforms trim them) and
// returns, by pseudonym in kind's domain, the id and every distinct name
// the file gives it, in file order.
func sourcePeople(t *testing.T, file string, kind canonical.Identifier, idCol string, nameCols ...string) map[string][2]string {
	t.Helper()
	f, err := os.Open(filepath.Join(identifySource, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	p, err := transforms.NewPseudonymiser([]byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][2]string{}
	names := map[string][]string{}
	for _, r := range recs[1:] {
		var parts []string
		for _, c := range nameCols {
			parts = append(parts, r[slices.Index(recs[0], c)])
		}
		id := strings.TrimSpace(r[slices.Index(recs[0], idCol)])
		ps := p.Pseudonym(kind, id)
		name := strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
		if name != "" && !slices.Contains(names[ps], name) {
			names[ps] = append(names[ps], name)
		}
		out[ps] = [2]string{id, strings.Join(names[ps], " / ")}
	}
	return out
}

// identifyConfig writes a config reading the fixture into a fresh data
// folder.
func identifyConfig(t *testing.T) (path, data string) {
	t.Helper()
	source, err := filepath.Abs(identifySource)
	if err != nil {
		t.Fatal(err)
	}
	data = filepath.Join(t.TempDir(), "data")
	return writeConfig(t, fmt.Sprintf("version: 1\ndata_dir: %s\nsource:\n  kind: ssdcsv\n  path: %s\nreporting:\n  as_of: \"2024-06-30\"\n",
		data, source)), data
}

// carewhWithKey runs the CLI with key as CAREWH_HMAC_KEY ("" for none).
func carewhWithKey(t *testing.T, key string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(k string) string {
		if k == "CAREWH_HMAC_KEY" {
			return key
		}
		return ""
	}}
	code = run(context.Background(), args, e)
	return code, out.String(), errOut.String()
}

// TestExportTrackerIdentified checks a re-identified tracker XLSX cell by
// cell against the source, then that nothing the source names reached the
// lake or the warehouse, and that the export was logged.
func TestExportTrackerIdentified(t *testing.T) {
	cfg, data := identifyConfig(t)
	if code, _, stderr := carewh(t, "run", "--config", cfg); code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	xlsx := filepath.Join(t.TempDir(), "named.xlsx")
	code, _, stderr := carewh(t, "export", "tracker", "--config", cfg, "--identify", "--out", xlsx)
	if code != 0 {
		t.Fatalf("export tracker --identify exited %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, filepath.Join(data, "disclosures.jsonl")) {
		t.Errorf("the export does not say where it is logged:\n%s", stderr)
	}
	checkIdentifiedXLSX(t, xlsx)
	if info, err := os.Stat(xlsx); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("identified file: %v, mode %v; want owner-only", err, info.Mode())
	}

	code, stdout, _ := carewh(t, "export", "tracker", "--config", cfg, "--identify", "--format", "csv", "--out", "-")
	if first, _, _ := strings.Cut(stdout, "\n"); code != 0 || first != "# "+publish.Marking {
		t.Errorf("identified CSV: exit %d, first line %q", code, first)
	}
	code, stdout, _ = carewh(t, "export", "tracker", "--config", cfg, "--format", "csv", "--out", "-")
	if code != 0 || !strings.HasPrefix(stdout, "Child (pseudonym),Team,") || strings.Contains(stdout, "OFFICIAL") {
		t.Errorf("a tracker without --identify changed: exit %d, %.80q", code, stdout)
	}
	code, stdout, stderr = carewh(t, "export", "marts", "--config", cfg, "--identify", "--mart", "lac_reviews_overdue", "--out", "-", "--format", "csv")
	if code != 0 || !strings.Contains(stdout, "person_id,child_id,child_name,") || !strings.Contains(stdout, "Siân Lewandowska") {
		t.Errorf("identified mart: exit %d, %s\n%.300s", code, stderr, stdout)
	}

	assertNoNames(t, cfg, data)

	code, stdout, _ = carewh(t, "disclosures", "--config", cfg, "--csv")
	recs, _ := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if code != 0 || len(recs) != 4 || recs[1][3] != "marts.permanence_tracker" || recs[1][9] != xlsx || recs[3][3] != "marts.lac_reviews_overdue" {
		t.Errorf("carewh disclosures: exit %d, %q", code, recs)
	}
	// The next run, whether it rebuilds or carries the warehouse forward
	// (this one finds no change), loads the log into ops.disclosures.
	if code, _, stderr := carewh(t, "run", "--config", cfg); code != 0 {
		t.Fatalf("second run exited %d: %s", code, stderr)
	}
	code, stdout, stderr = carewh(t, "query", "--config", cfg, "--csv",
		"SELECT export, format, rows, children, staff, destination, os_user <> '' AS who, sha256 IS NOT NULL AS hashed FROM ops.disclosures ORDER BY disclosed_at")
	want := "export,format,rows,children,staff,destination,who,hashed\n" +
		"marts.permanence_tracker,xlsx,7,6,4," + xlsx + ",true,true\n" +
		"marts.permanence_tracker,csv,7,6,4,stdout,true,true\n"
	if code != 0 || !strings.HasPrefix(stdout, want) || strings.Count(stdout, "\n") != 4 {
		t.Errorf("ops.disclosures: exit %d, %s\n%s\nwant it to start\n%s", code, stderr, stdout, want)
	}
}

// checkIdentifiedXLSX checks every row of the identified tracker against
// the source: the child id and name of the child whose pseudonym is in
// the row, and the names of its IRO and social worker.
func checkIdentifiedXLSX(t *testing.T, path string) {
	t.Helper()
	children := sourcePeople(t, "ssd_person.csv", canonical.PersonID, "pers_person_id", "pers_forename", "pers_surname")
	staff := sourcePeople(t, "ssd_professionals.csv", canonical.StaffID, "prof_professional_id", "prof_professional_name")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("All children")
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	col := func(h string) int {
		i := slices.Index(header, h)
		if i < 0 {
			t.Fatalf("no column %q in %q", h, header)
		}
		return i
	}
	cell := func(r []string, i int) string {
		if i < len(r) {
			return r[i]
		}
		return ""
	}
	checked := map[string]string{}
	for n, r := range rows[1:] {
		ps := cell(r, col("Child (pseudonym)"))
		want := children[ps] // the zero value for a child the source no longer lists
		if got := cell(r, col("Child id (case system)")); got != want[0] {
			t.Errorf("row %d: child id %q, the source says %q", n+2, got, want[0])
		}
		if got := cell(r, col("Child's name")); got != want[1] {
			t.Errorf("row %d: child's name %q, the source says %q", n+2, got, want[1])
		}
		for _, c := range [][2]string{{"IRO", "IRO name"}, {"Social worker", "Social worker name"}} {
			if got, want := cell(r, col(c[1])), staff[cell(r, col(c[0]))][1]; got != want {
				t.Errorf("row %d: %s %q, the source says %q", n+2, c[1], got, want)
			}
		}
		checked[want[0]] = cell(r, col("Child's name"))
	}
	// The fixture's awkward cases, by hand.
	for id, name := range map[string]string{
		"T02": "Seán Ní Bhriain", "T03": "Renée D'Souza-Müller / Renee D'Souza-Müller", `T04`: `Jayden "JJ" Smith`,
		"T05": "Aaliyah", "": "",
	} {
		if got, ok := checked[id]; !ok || got != name {
			t.Errorf("child %q: name %q (in the file: %v), want %q", id, got, ok, name)
		}
	}
	about, err := f.GetRows("About")
	if err != nil || len(about) == 0 || about[0][0] != publish.Marking {
		t.Errorf("About sheet does not start with the marking: %v %q", err, about[:min(len(about), 1)])
	}
	joined := fmt.Sprint(about)
	if !strings.Contains(joined, "1 child in this file was not in the source's person table now") {
		t.Errorf("About sheet does not say a child was not found:\n%s", joined)
	}
	if hf, err := f.GetHeaderFooter("All children"); err != nil || !strings.Contains(hf.OddHeader, "OFFICIAL-SENSITIVE") {
		t.Errorf("printed pages are not marked: %v %+v", err, hf)
	}
}
