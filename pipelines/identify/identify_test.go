package identify

import (
	"context"
	"os"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/canonical"
	"carewh/pipelines/extract"
	"carewh/pipelines/extract/cincensus"
	"carewh/pipelines/extract/ssda903"
	"carewh/pipelines/extract/ssdcsv"
	"carewh/pipelines/extract/ssddb"
	"carewh/pipelines/extract/ssddb/ssddbtest"
	"carewh/transforms"
)

var testKey = []byte("test-key-0123456789abcdef0123456789abcdef")

// fixture is the re-identification fixture (testdata/identify/README.md).
const fixture = "../../testdata/identify/source"

func pseudonymiser(t *testing.T) *transforms.Pseudonymiser {
	t.Helper()
	p, err := transforms.NewPseudonymiser(testKey)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// wantOf lists the pseudonyms of child and staff ids.
func wantOf(p *transforms.Pseudonymiser, children, staff []string) Want {
	var w Want
	for _, id := range children {
		w.Add(canonical.PersonID, p.Pseudonym(canonical.PersonID, id))
	}
	for _, id := range staff {
		w.Add(canonical.StaffID, p.Pseudonym(canonical.StaffID, id))
	}
	return w
}

// checkFound compares what Lookup found, by case-system id, with want.
func checkFound(t *testing.T, p *transforms.Pseudonymiser, kind canonical.Identifier, got map[string]Identity, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: found %d, want %d: %v", kind, len(got), len(want), got)
	}
	for id, name := range want {
		g, ok := got[p.Pseudonym(kind, id)]
		if !ok || g.ID != id || g.Name != name {
			t.Errorf("%s %s: found %+v (%v), want name %q", kind, id, g, ok, name)
		}
	}
}

// fixtureNames are what the fixture's SSD tables say, by id.
var fixtureChildren = map[string]string{
	"T01": "Zoë O'Brien", "T02": "Seán Ní Bhriain", "T03": "Renée D'Souza-Müller / Renee D'Souza-Müller",
	"T04": `Jayden "JJ" Smith`, "T05": "Aaliyah", "T07": "",
}

var fixtureStaff = map[string]string{"I1": "Siobhán O'Dowd", "S3": "Chloé Núñez"}

func lookupFixture(t *testing.T, src extract.Source) {
	t.Helper()
	p := pseudonymiser(t)
	// T09 is looked after but not in ssd_person.csv; X1 is no one.
	want := wantOf(p, []string{"T01", "T02", "T03", "T04", "T05", "T07", "T09"}, []string{"I1", "S3", "X1"})
	found, err := Lookup(context.Background(), src, p, want, Options{Names: true})
	if err != nil {
		t.Fatal(err)
	}
	if !found.Names || !found.StaffNames {
		t.Errorf("names: %v, staff names: %v", found.Names, found.StaffNames)
	}
	checkFound(t, p, canonical.PersonID, found.Children, fixtureChildren)
	checkFound(t, p, canonical.StaffID, found.Staff, fixtureStaff)
}

func TestLookupSSDCSV(t *testing.T) {
	src, err := ssdcsv.New(memory.DefaultAllocator, ssdcsv.Options{Dir: fixture})
	if err != nil {
		t.Fatal(err)
	}
	lookupFixture(t, src)
}

// TestLookupSSDDB reads the fixture loaded into PostgreSQL, as a case
// system's reporting database holds it.
func TestLookupSSDDB(t *testing.T) {
	url := ssddbtest.URL(t)
	db := ssddbtest.Open(t, url)
	schema := ssddbtest.Schema(t, db)
	ctx := context.Background()
	if _, err := ssddb.LoadPostgres(ctx, url, "", schema, fixture); err != nil {
		t.Fatal(err)
	}
	src, err := ssddb.New(ctx, memory.DefaultAllocator, ssddb.Options{URL: url, Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	lookupFixture(t, src)
}

// TestLookupSSDA903: a 903 return identifies children by CHILD, with no
// names and no staff.
func TestLookupSSDA903(t *testing.T) {
	src, err := ssda903.New(memory.DefaultAllocator, ssda903.Options{Dir: "../extract/ssda903/testdata/two_years"})
	if err != nil {
		t.Fatal(err)
	}
	p := pseudonymiser(t)
	found, err := Lookup(context.Background(), src, p, wantOf(p, []string{"C01", "C02", "NOBODY"}, []string{"I1"}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkFound(t, p, canonical.PersonID, found.Children, map[string]string{"C01": "", "C02": ""})
	if found.Names || found.StaffNames || len(found.Staff) != 0 {
		t.Errorf("a 903 return gave names: %+v", found)
	}
}

// TestLookupCINCensus: a census identifies children by LAchildID.
func TestLookupCINCensus(t *testing.T) {
	src, err := cincensus.New(memory.DefaultAllocator, cincensus.Options{Path: "../extract/cincensus/testdata/years"})
	if err != nil {
		t.Fatal(err)
	}
	p := pseudonymiser(t)
	found, err := Lookup(context.Background(), src, p, wantOf(p, []string{"CIN001", "CIN002", "CIN999"}, nil), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkFound(t, p, canonical.PersonID, found.Children, map[string]string{"CIN001": "", "CIN002": ""})
}

// TestLookupWithoutNames: an SSD export whose person table has no name
// columns (the published SSD's are optional) gives ids, blank names.
func TestLookupWithoutNames(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/ssd_person.csv", []byte("pers_person_id,pers_dob\nA1,2015-01-01\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := ssdcsv.New(memory.DefaultAllocator, ssdcsv.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	p := pseudonymiser(t)
	found, err := Lookup(context.Background(), src, p, wantOf(p, []string{"A1"}, nil), Options{Names: true})
	if err != nil {
		t.Fatal(err)
	}
	checkFound(t, p, canonical.PersonID, found.Children, map[string]string{"A1": ""})
}

func TestMerge(t *testing.T) {
	for _, c := range []struct {
		rows []Identity
		want string
	}{
		{[]Identity{{"A", ""}, {"A", "Ann"}}, "Ann"},
		{[]Identity{{"A", "Ann"}, {"A", ""}}, "Ann"},
		{[]Identity{{"A", "Ann"}, {"A", "Ann"}}, "Ann"},
		{[]Identity{{"A", "Ann"}, {"A", "Anne"}, {"A", "Ann"}}, "Ann / Anne"},
	} {
		var got Identity
		for _, r := range c.rows {
			got = merge(got, r)
		}
		if got.Name != c.want {
			t.Errorf("%v: %q, want %q", c.rows, got.Name, c.want)
		}
	}
}
