package cli

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportAndExports runs the pipeline once over the review-timeliness
// golden case, then writes the board report, the tracker and the mart
// exports from it, as a user would.
func TestReportAndExports(t *testing.T) {
	cfg := goldenConfig(t)
	if code, _, stderr := carewh(t, "run", "--config", cfg); code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	dir := t.TempDir()

	out := filepath.Join(dir, "board", "report.html")
	code, _, stderr := carewh(t, "report", "--config", cfg, "--out", out)
	if code != 0 {
		t.Fatalf("report exited %d: %s", code, stderr)
	}
	page, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Independent Reviewing Service Annual Report", "2023-24", `data-kpi="LAC_REVIEWS_ON_TIME"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	code, stdout, _ := carewh(t, "report", "--config", cfg, "--year", "2022-23", "--out", "-")
	if code != 0 || !strings.Contains(stdout, "<!DOCTYPE html>") || !strings.Contains(stdout, "1 April 2022 to 31 March 2023") {
		t.Errorf("report --year 2022-23 --out -: exit %d, %.200s", code, stdout)
	}
	code, stdout, _ = carewh(t, "report", "--config", cfg, "--year", "2024-25", "--out", "-")
	if code != 0 || !strings.Contains(stdout, "the year is not over: figures to 30 June 2024") {
		t.Errorf("report on the current year should say it is not over: exit %d", code)
	}
	code, _, stderr = carewh(t, "report", "--config", cfg, "--year", "1999-00")
	if code != 1 || !strings.Contains(stderr, `no reporting year "1999-00"`) || !strings.Contains(stderr, "2024-25") {
		t.Errorf("report for a year not held: exit %d, %s", code, stderr)
	}

	code, stdout, stderr = carewh(t, "export", "tracker", "--config", cfg, "--format", "csv", "--out", "-")
	if code != 0 {
		t.Fatalf("export tracker exited %d: %s", code, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Looked after on 30/06/2024 (the golden README's overdue measure):
	// C01–C07, C09, C10, C12 and C13, 11 children; C08 is on short breaks
	// only and C11 left care on 30/09/2023.
	if len(recs) != 12 || recs[0][0] != "Child (pseudonym)" {
		t.Errorf("tracker CSV: %d records, header %q", len(recs), recs[0])
	}
	xlsx := filepath.Join(dir, "tracker.xlsx")
	if code, _, stderr := carewh(t, "export", "tracker", "--config", cfg, "--sheet-per-team", "--out", xlsx); code != 0 {
		t.Errorf("export tracker --sheet-per-team exited %d: %s", code, stderr)
	}
	if _, err := os.Stat(xlsx); err != nil {
		t.Error(err)
	}

	// Parquet is written by DuckDB, from a connection that may write in
	// the output's folder only.
	pq := filepath.Join(dir, "feeds", "tracker.parquet")
	if code, _, stderr := carewh(t, "export", "tracker", "--config", cfg, "--out", pq); code != 0 {
		t.Errorf("export tracker --out %s exited %d: %s", pq, code, stderr)
	}
	if data, err := os.ReadFile(pq); err != nil || !strings.HasPrefix(string(data), "PAR1") {
		t.Errorf("tracker Parquet: %v, %.4q", err, data)
	}
	code, stdout, stderr = carewh(t, "export", "tracker", "--config", cfg, "--format", "parquet", "--out", "-")
	if code != 0 || !strings.HasPrefix(stdout, "PAR1") {
		t.Errorf("export tracker --format parquet --out -: exit %d, %s", code, stderr)
	}

	code, stdout, stderr = carewh(t, "export", "marts", "--config", cfg)
	if code != 0 || !strings.Contains(stdout, filepath.Join("exports", "marts", "board_kpis.parquet")) {
		t.Errorf("export marts: exit %d, %s %s", code, stdout, stderr)
	}
}

func TestExportMisuse(t *testing.T) {
	for _, args := range [][]string{
		{"export", "tracker", "--format", "pdf"},
		{"export", "tracker", "--format", "csv", "--sheet-per-team"},
		{"export", "tracker", "--out", "tracker.csv", "--sheet-per-team"},
	} {
		if code, _, stderr := carewh(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
}
