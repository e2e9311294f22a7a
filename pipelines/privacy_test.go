package pipelines

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
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
