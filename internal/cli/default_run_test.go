package cli

import (
	"os"
	"strings"
	"testing"

	"carewh/config"
	"carewh/pipelines/warehouse"
	"carewh/publish"
)

// TestDefaultRunOnSyntheticCouncil is what a new user does first: `carewh
// run` with no config in an empty folder. It must generate the synthetic
// council, build the warehouse with a demo key, print the headline KPIs,
// and the figures must lie in the ranges the generator is built to produce.
func TestDefaultRunOnSyntheticCouncil(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and processes a whole council")
	}
	t.Chdir(t.TempDir())
	var out, errOut strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	if code := run(t.Context(), []string{"run", "--as-of", "2026-11-27"}, e); code != 0 {
		t.Fatalf("carewh run exited %d:\n%s", code, errOut.String())
	}
	if _, err := os.Stat("carewh-data/hmac.key"); err != nil {
		t.Errorf("demo key file: %v", err)
	}
	if !strings.Contains(errOut.String(), "demo key") {
		t.Errorf("no warning about the demo key in:\n%s", errOut.String())
	}
	for _, mart := range []string{"board_kpis", "permanence_tracker", "lac_review_timeliness"} {
		if _, err := os.Stat("carewh-data/exports/marts/" + mart + ".parquet"); err != nil {
			t.Errorf("run did not export %s: %v", mart, err)
		}
	}
	if !strings.Contains(out.String(), "Headline KPIs, 2025-26") {
		t.Errorf("headline table for 2025-26 missing:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "source rows: ") {
		t.Errorf("no account of the source rows in:\n%s", out.String())
	}
	// The demo's faults and conflicts are resolved or quarantined, each with
	// its file and line: nothing about its own data needs a warning.
	for _, line := range strings.Split(errOut.String(), "\n") {
		if strings.Contains(line, "level=WARN") && !strings.Contains(line, "demo key") {
			t.Errorf("the demo run warned about its own data: %s", line)
		}
	}

	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	db, err := warehouse.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	headlines, err := publish.Headlines(t.Context(), db, cfg.Reporting.HeadlineKPIs)
	if err != nil {
		t.Fatal(err)
	}
	// The generator's configured rates (pipelines/extract/synthetic/doc.go):
	// 90–97% of reviews on time, almost all children 4+ participating, about
	// 85% mid-point monitoring and health assessments in date, challenges
	// rising from about 0.08 to 0.3 per looked-after child, and about 28% of
	// leavers adopted or under special guardianship or child arrangements.
	ranges := map[string][2]float64{
		"LAC_REVIEWS_ON_TIME":       {0.88, 0.98},
		"LAC_PARTICIPATION":         {0.90, 1.00},
		"MIDPOINT_MONITORED":        {0.78, 0.92},
		"HEALTH_ASSESSMENT_IN_DATE": {0.80, 0.97},
		"CHALLENGES_RAISED":         {0.05, 0.40},
		"PERMANENCE_LEGAL":          {0.18, 0.38},
	}
	seen := 0
	for _, h := range headlines {
		r, ok := ranges[h.Code]
		if !ok {
			continue
		}
		seen++
		if !h.Value.Valid || h.Value.Float64 < r[0] || h.Value.Float64 > r[1] {
			t.Errorf("%s = %v (%v/%v), want within %v", h.Code, h.Value.Float64, h.Numerator, h.Denominator, r)
		}
		if h.Denominator < 300 {
			t.Errorf("%s denominator %v: too few for a council of 2,000 looked-after children", h.Code, h.Denominator)
		}
		if h.Code == "CHALLENGES_RAISED" && (!h.Previous.Valid || h.Previous.Float64 >= h.Value.Float64) {
			t.Errorf("challenges per child did not rise year on year: %v after %v", h.Value.Float64, h.Previous.Float64)
		}
	}
	if seen != len(ranges) {
		t.Errorf("found %d of %d headline KPIs", seen, len(ranges))
	}
	// Six years of history, as the README promises: every reporting year
	// from the one the history starts in to the current one has KPIs.
	var years int
	if err := db.QueryRow("SELECT count(DISTINCT reporting_year) FROM marts.board_kpis WHERE numerator IS NOT NULL").Scan(&years); err != nil {
		t.Fatal(err)
	}
	if years < 6 {
		t.Errorf("board KPIs for %d reporting years, want the six years of history", years)
	}
	var quarantined int64
	if err := db.QueryRow("SELECT count(*) FROM ops.quarantine").Scan(&quarantined); err != nil {
		t.Fatal(err)
	}
	if quarantined == 0 {
		t.Error("the generator's faulty rows did not reach the quarantine")
	}
}
