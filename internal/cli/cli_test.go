package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testKey = "test-key-0123456789abcdef0123456789abcdef"

// carewh runs the CLI in-process and returns its exit code and output.
func carewh(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return carewhEnv(t, func(k string) string {
		if k == "CAREWH_HMAC_KEY" {
			return testKey
		}
		return ""
	}, args...)
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "carewh.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func goldenConfig(t *testing.T) string {
	t.Helper()
	return goldenConfigIn(t, filepath.Join(t.TempDir(), "data"))
}

// goldenConfigIn is goldenConfig with its data folder at data.
func goldenConfigIn(t *testing.T, data string) string {
	t.Helper()
	source, err := filepath.Abs("../../testdata/golden/review_timeliness/source")
	if err != nil {
		t.Fatal(err)
	}
	return writeConfig(t, fmt.Sprintf(`version: 1
data_dir: %s
source:
  kind: ssdcsv
  path: %s
reporting:
  as_of: "2024-06-30"
`, data, source))
}

func TestRunPrintsHeadlinesThenQueryReadsWarehouse(t *testing.T) {
	cfg := goldenConfig(t)
	code, stdout, stderr := carewh(t, "run", "--config", cfg)
	if code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	// The golden fixture holds reviews only: LAC_REVIEWS_ON_TIME is the
	// headline with data; the others print with empty denominators.
	for _, want := range []string{"Headline KPIs, 2023-24", "LAC reviews held on time", "81.0%", "17 / 21", "88.9%"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("run output lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "run succeeded") {
		t.Errorf("log lacks run succeeded:\n%s", stderr)
	}

	code, stdout, stderr = carewh(t, "query", "--config", cfg, "--csv",
		"SELECT reporting_year, numerator, denominator FROM marts.board_kpis WHERE kpi_code = 'LAC_REVIEWS_ON_TIME' ORDER BY 1")
	if code != 0 {
		t.Fatalf("query exited %d: %s", code, stderr)
	}
	want := "reporting_year,numerator,denominator\n2022-23,8,9\n2023-24,17,21\n2024-25,1,3\n"
	if stdout != want {
		t.Errorf("query --csv =\n%s\nwant\n%s", stdout, want)
	}

	code, _, stderr = carewh(t, "query", "--config", cfg, "CREATE TABLE marts.x AS SELECT 1")
	if code == 0 {
		t.Error("query wrote to the warehouse")
	}
	if !strings.Contains(stderr, "read-only") && !strings.Contains(stderr, "read only") {
		t.Errorf("write refused without saying read-only: %s", stderr)
	}
}

func TestConfigErrorsExitNonZeroNamingEveryProblem(t *testing.T) {
	cfg := writeConfig(t, `version: 1
source:
  kind: ssdcsv
  pathh: /nowhere
reporting:
  year_start_month: 13
`)
	code, stdout, stderr := carewh(t, "run", "--config", cfg)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if stdout != "" {
		t.Errorf("stdout should be empty on failure, got %q", stdout)
	}
	if !strings.Contains(stderr, "line 4") || !strings.Contains(stderr, "pathh") {
		t.Errorf("stderr does not name line 4 and the unknown key:\n%s", stderr)
	}

	cfg = writeConfig(t, "version: 1\nsource:\n  kind: nosuch\nreporting:\n  year_start_month: 13\n")
	_, _, stderr = carewh(t, "run", "--config", cfg)
	for _, want := range []string{"source.kind", "nosuch", "reporting.year_start_month"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestMisuseExitsTwo(t *testing.T) {
	if code, _, _ := carewh(t, "run", "--no-such-flag"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	if code, _, stderr := carewh(t, "generate"); code != 2 || !strings.Contains(stderr, "--out") {
		t.Errorf("generate without --out: exit %d, %s", code, stderr)
	}
	cfg := writeConfig(t, fmt.Sprintf("version: 1\ndata_dir: %s\n", t.TempDir()))
	if code, _, stderr := carewh(t, "run", "--config", cfg, "--accept-shrink", "nosuch"); code != 2 ||
		!strings.Contains(stderr, `--accept-shrink nosuch: no canonical table "nosuch"`) {
		t.Errorf("--accept-shrink of no table: exit %d, %s", code, stderr)
	}
}

func TestQueryWithoutWarehouseSaysRunFirst(t *testing.T) {
	cfg := writeConfig(t, fmt.Sprintf("version: 1\ndata_dir: %s\n", t.TempDir()))
	code, _, stderr := carewh(t, "query", "--config", cfg, "SELECT 1")
	if code != 1 || !strings.Contains(stderr, "carewh run") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
