package cli

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"carewh/canonical"
	"carewh/config"
	"carewh/pipelines/warehouse"
)

// fixtureNames are every name the fixture's source holds, and the parts
// of each, as a scan looks for them.
func fixtureNames(t *testing.T) []string {
	t.Helper()
	var names []string
	add := func(people map[string][2]string) {
		for _, p := range people {
			for _, n := range strings.Split(p[1], " / ") {
				names = append(names, n)
				for _, part := range strings.Fields(n) {
					if len([]rune(part)) >= 4 { // "Dan", "Zoë": too short to mean anything in binary bytes
						names = append(names, part)
					}
				}
			}
		}
	}
	add(sourcePeople(t, "ssd_person.csv", canonical.PersonID, "pers_person_id", "pers_forename", "pers_surname"))
	add(sourcePeople(t, "ssd_professionals.csv", canonical.StaffID, "prof_professional_id", "prof_professional_name"))
	return names
}

// assertNoNames scans every file of the data folder (the lake, its
// manifests and quarantine, the warehouse, the disclosure log) for the
// fixture's names: the raw bytes of each file, every text value of every
// Parquet file (zstd hides the bytes), and every text column of every
// table of the warehouse.
func assertNoNames(t *testing.T, cfgPath, data string) {
	t.Helper()
	names := fixtureNames(t)
	found := func(where, s string) {
		for _, n := range names {
			if n != "" && strings.Contains(s, n) {
				t.Errorf("%s holds the name %q", where, n)
			}
		}
	}
	files := 0
	err := filepath.WalkDir(data, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, n := range names {
			if n != "" && bytes.Contains(b, []byte(n)) {
				t.Errorf("%s holds the bytes of %q", path, n)
			}
		}
		if strings.HasSuffix(path, ".parquet") {
			for _, v := range parquetText(t, path) {
				found(path, v)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("scanned only %d files under %s", files, data)
	}
	assertWarehouseHasNo(t, cfgPath, found)
}

// assertWarehouseHasNo passes every value of every text column of every
// table of the warehouse to found.
func assertWarehouseHasNo(t *testing.T, cfgPath string, found func(where, value string)) {
	t.Helper()
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR'`)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][3]string
	for rows.Next() {
		var c [3]string
		if err := rows.Scan(&c[0], &c[1], &c[2]); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	rows.Close()
	if len(cols) < 50 {
		t.Fatalf("the warehouse has only %d text columns", len(cols))
	}
	for _, c := range cols {
		q := `SELECT DISTINCT "` + c[2] + `" FROM "` + c[0] + `"."` + c[1] + `" WHERE "` + c[2] + `" IS NOT NULL`
		vs, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for vs.Next() {
			var v string
			if err := vs.Scan(&v); err != nil {
				t.Fatal(err)
			}
			found(c[0]+"."+c[1]+"."+c[2], v)
		}
		vs.Close()
	}
}

// parquetText reads every text value of a Parquet file with parquet-go,
// independently of the code that wrote it.
func parquetText(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []string
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		buf := make([]parquet.Row, 256)
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				for _, v := range row {
					if v.Kind() == parquet.ByteArray {
						out = append(out, string(v.ByteArray()))
					}
				}
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		}
		rows.Close()
	}
	return out
}

// TestExportIdentifyNeedsTheKey: without the lake's key, or with another,
// an identified export refuses, writes no file and logs nothing.
func TestExportIdentifyNeedsTheKey(t *testing.T) {
	cfg, data := identifyConfig(t)
	if code, _, stderr := carewh(t, "run", "--config", cfg); code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "named.xlsx")
	for _, c := range []struct{ name, key, want string }{
		{"no key", "", "no pseudonymisation key: set CAREWH_HMAC_KEY"},
		{"another key", "another-key-0123456789abcdef0123456789ab", "not the one this lake was built with"},
	} {
		for _, args := range [][]string{
			{"export", "tracker", "--config", cfg, "--identify", "--out", out},
			{"export", "marts", "--config", cfg, "--identify", "--mart", "lac_reviews_overdue", "--out", out},
		} {
			code, stdout, stderr := carewhWithKey(t, c.key, args...)
			if code != 1 || !strings.Contains(stderr, "re-identifying needs the key the lake was built with") || !strings.Contains(stderr, c.want) {
				t.Errorf("%s, %s: exit %d, stderr %s", c.name, args[1], code, stderr)
			}
			if stdout != "" {
				t.Errorf("%s, %s: wrote %q", c.name, args[1], stdout)
			}
		}
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused export left a file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, warehouse.DisclosureLogFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused export was logged as a disclosure: %v", err)
	}
	// Parquet is for BI tools, which get pseudonyms.
	code, _, stderr := carewh(t, "export", "tracker", "--config", cfg, "--identify", "--format", "parquet")
	if code != 2 || !strings.Contains(stderr, "--identify writes xlsx or csv") {
		t.Errorf("identified Parquet: exit %d, %s", code, stderr)
	}
	code, _, stderr = carewh(t, "export", "marts", "--config", cfg, "--identify", "--mart", "board_kpis", "--format", "csv", "--out", "-")
	if code != 1 || !strings.Contains(stderr, "not a mart of children") || !strings.Contains(stderr, "lac_reviews_overdue") {
		t.Errorf("identified mart that is not of children: exit %d, %s", code, stderr)
	}
}
