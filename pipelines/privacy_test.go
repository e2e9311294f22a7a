package pipelines

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"carewh/canonical"
	"carewh/pipelines/duck"
	"carewh/pipelines/warehouse"
)

// lakeValues reads every text value and column name in every Parquet file
// under root, with parquet-go, independently of the code that wrote them.
func lakeValues(t *testing.T, root string) (values, columns map[string]bool) {
	t.Helper()
	values, columns = map[string]bool{}, map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".parquet") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		info, _ := f.Stat()
		pf, err := parquet.OpenFile(f, info.Size())
		if err != nil {
			return err
		}
		for _, col := range pf.Schema().Columns() {
			columns[strings.Join(col, ".")] = true
		}
		for _, rg := range pf.RowGroups() {
			rows := rg.Rows()
			buf := make([]parquet.Row, 256)
			for {
				n, err := rows.ReadRows(buf)
				for _, row := range buf[:n] {
					for _, v := range row {
						if v.Kind() == parquet.ByteArray {
							values[string(v.ByteArray())] = true
						}
					}
				}
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					rows.Close()
					return err
				}
			}
			rows.Close()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return values, columns
}

// TestLakeHoldsNoIdentifiers checks that person ids, NHS numbers and UPNs
// in the source never reach the lake, while pseudonyms do.
func TestLakeHoldsNoIdentifiers(t *testing.T) {
	cfg := testConfig(t, "../testdata/golden/review_timeliness/source", "2024-06-30")
	runPipeline(t, cfg)
	values, columns := lakeValues(t, cfg.LakeDir())
	if len(values) == 0 {
		t.Fatal("read no values from the lake")
	}
	forbidden := append(numberedIDs("C", 13), "9990000011", "9990000131", "A123456789012")
	for _, v := range forbidden {
		if values[v] {
			t.Errorf("identifier %q reached the lake", v)
		}
	}
	for p := range goldenIDs(t, numberedIDs("C", 13), nil) {
		if !values[p] {
			t.Errorf("pseudonym %s missing from the lake", p)
		}
	}
	for col := range columns {
		for _, bad := range []string{"forename", "surname", "professional_name", "address", "postcode", "common_child_id", "nhs"} {
			if strings.Contains(col, bad) {
				t.Errorf("column %s reached the lake", col)
			}
		}
	}
}

// TestNoRawIdentifierAnywhere runs fixtures whose files fill every kind of
// record (episodes, placements, reviews, plans, CP conferences and
// reviews, involvements, care plans, stability meetings …) and checks that
// no id of a child, a worker or a record in them, nor any value of a
// column referring to one, is anywhere in the lake or the warehouse: not
// as a value, and not inside one (a quarantine message, a period id).
func TestNoRawIdentifierAnywhere(t *testing.T) {
	for _, c := range []struct{ dir, asOf, historyStart string }{
		{"../testdata/golden/review_timeliness", "2024-06-30", ""},
		{"../testdata/golden/cp_caseload", "2024-06-30", ""},
		{"../testdata/golden/permanence_tracker", "2024-06-30", "2022-04-01"},
	} {
		t.Run(filepath.Base(c.dir), func(t *testing.T) {
			ids := fixtureRawIDs(t, filepath.Join(c.dir, "source"))
			if len(ids) < 20 {
				t.Fatalf("found only %d ids in the fixture", len(ids))
			}
			cfg := testConfig(t, filepath.Join(c.dir, "source"), c.asOf)
			cfg.Source.HistoryStart = c.historyStart
			runPipeline(t, cfg)
			values, _ := lakeValues(t, cfg.LakeDir())
			for v := range values {
				if id := rawIDIn(v, ids); id != "" {
					t.Errorf("id %q reached the lake in %q", id, v)
				}
			}
			db, err := warehouse.Open(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, v := range warehouseTexts(t, db) {
				if id := rawIDIn(v, ids); id != "" {
					t.Errorf("id %q reached the warehouse in %q", id, v)
				}
			}
		})
	}
}

// fixtureRawIDs lists the values of every identifier column (a key, a
// reference to a record, a child or a worker) in the SSD CSV files in dir,
// but those that are also a code.
func fixtureRawIDs(t *testing.T, dir string) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for _, table := range canonical.Tables {
		recs := readCSV(t, filepath.Join(dir, table.SourceFile+".csv"))
		for i, h := range recs[0] {
			col := slices.IndexFunc(table.Columns, func(c canonical.Column) bool { return strings.EqualFold(c.Source, h) })
			if col < 0 || table.Columns[col].ID == canonical.NotIdentifying {
				continue
			}
			for _, rec := range recs[1:] {
				if v := strings.TrimSpace(rec[i]); v != "" && !isCode(v) {
					ids[v] = true
				}
			}
		}
	}
	return ids
}

// isCode reports whether v is a code of some code list, which text the
// warehouse holds anyway (episode E11 and reason for leaving care E11).
func isCode(v string) bool {
	for _, codes := range canonical.CodeLists {
		if slices.Contains(codes, v) {
			return true
		}
	}
	return false
}

// idToken is a run of the characters ids are made of.
var idToken = regexp.MustCompile(`[A-Za-z0-9_-]+`)

// rawIDIn returns an id of ids that s is, or that is a word of s.
func rawIDIn(s string, ids map[string]bool) string {
	if ids[s] {
		return s
	}
	for _, word := range idToken.FindAllString(s, -1) {
		if ids[word] {
			return word
		}
	}
	return ""
}

// warehouseTexts reads every distinct text value of every table and view
// of the warehouse.
func warehouseTexts(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT table_schema, table_name, column_name FROM information_schema.columns
		WHERE data_type = 'VARCHAR' AND table_catalog = current_database() ORDER BY ALL`)
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
		t.Fatalf("found only %d text columns in the warehouse", len(cols))
	}
	var out []string
	for _, c := range cols {
		q := fmt.Sprintf(`SELECT DISTINCT %s FROM %s.%s WHERE %[1]s IS NOT NULL`, duck.QuoteIdent(c[2]), duck.QuoteIdent(c[0]), duck.QuoteIdent(c[1]))
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
		}
		rows.Close()
	}
	return out
}
