package ssda903

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzSSDA903 reads any text as one or two years' Header, Episodes,
// Reviews, OC2, AD1 and PlacedAdoption files, every table: it never
// panics, never leaks an Arrow buffer (readTable checks), and ends within
// a few seconds. Each file is at most 16 KiB.
func FuzzSSDA903(f *testing.F) {
	seed := func(name string) string {
		data, err := os.ReadFile(filepath.Join(twoYears, "2024", name))
		if err != nil {
			f.Fatal(err)
		}
		return string(data)
	}
	h, e, r := seed("header.csv"), seed("SSDA903_Episodes_2024.csv"), seed("reviews.csv")
	oc2, ad1, placed := seed("oc2.csv"), seed("AD1.csv"), seed("PlacedAdoption.csv")
	f.Add(h, e, r, oc2, ad1, placed, false)
	f.Add(h, e, r, oc2, ad1, placed, true)
	f.Add(header+"C01,1,01/01/2010,WBRI,,,\n", episodes+"C01,01/04/2023,S,C2,N1,U4,PR1,,,,,,\n",
		reviews+"C01,01/01/2010,\"20/04/2023,PN1\nC01,01/01/2010,01/07/2023,PN1\n", "", "", "", false)
	f.Add("CHILD;SEX;DOB;ETHNIC\n\ufeffC1;1;x;y\n", episodes+"C01,31/02/2023,S,C2,N1,U4,PR1,01/01/2023,E11,,,,\n", "", "", "", "", true)
	tables := []string{"person", "cla_episodes", "cla_placements", "cla_reviews", "cla_health", "permanence"}
	f.Fuzz(func(t *testing.T, h, e, r, oc2, ad1, placed string, twoYears bool) {
		for _, s := range []string{h, e, r, oc2, ad1, placed} {
			if len(s) > 1<<14 {
				return
			}
		}
		files := map[string]string{"Header.csv": h, "Episodes.csv": e, "Reviews.csv": r}
		if oc2 != "" {
			files["OC2.csv"] = oc2
		}
		if ad1 != "" {
			files["AD1.csv"] = ad1
		}
		if placed != "" {
			files["PlacedAdoption.csv"] = placed
		}
		tree := map[string]string{}
		for name, body := range files {
			tree["2023-24/"+name] = body
			if twoYears {
				tree["2022-23/"+name] = body
			}
		}
		dir := writeTree(t, tree)
		for _, table := range tables {
			start := time.Now()
			readTable(t, dir, table, 3)
			if d := time.Since(start); d > 10*time.Second {
				t.Fatalf("%s: reading took %s", table, d)
			}
		}
	})
}
