package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carewh/pipelines/extract/ssddb/ssddbtest"
)

func TestGenerateToRejectsWhatItCannotLoad(t *testing.T) {
	for _, args := range [][]string{
		{"generate", "--to", "sqlserver://sa@127.0.0.1?database=ssd"},
		{"generate", "--out", t.TempDir(), "--schema", "ssd"},
	} {
		if code, _, stderr := carewh(t, args...); code != 2 || !strings.Contains(stderr, args[len(args)-2]) {
			t.Errorf("%v: exit %d, %s", args, code, stderr)
		}
	}
}

// TestGenerateToPostgres loads the synthetic case system into a fresh
// schema, writing the CSV files as well.
func TestGenerateToPostgres(t *testing.T) {
	url := ssddbtest.URL(t)
	db := ssddbtest.Open(t, url)
	schema := ssddbtest.Schema(t, db)
	out := t.TempDir()
	code, stdout, stderr := carewh(t, "generate", "--to", url, "--schema", schema, "--out", out, "--as-of", "2025-03-31")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, schema+".ssd_cla_reviews") || !strings.Contains(stdout, "written to "+out+" and loaded into") {
		t.Errorf("stdout:\n%s", stdout)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.csv"))
	var tables int
	if err := db.QueryRow(`SELECT count(*) FROM information_schema.tables WHERE table_schema = $1`, schema).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != len(files) || tables < 20 {
		t.Errorf("%d tables for %d CSV files", tables, len(files))
	}
	data, err := os.ReadFile(filepath.Join(out, "ssd_cla_reviews.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var rows int
	if err := db.QueryRow(`SELECT count(*) FROM ` + schema + `.ssd_cla_reviews`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if want := strings.Count(string(data), "\n") - 1; rows != want {
		t.Errorf("ssd_cla_reviews has %d rows, the CSV %d", rows, want)
	}
}
