package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunSaysHowManyReviewsWereNotAssessable: in the partial_history golden
// case one review held in 2023-24 (L01's first observed, the child being
// already looked after when the data begins) has no due date; the run says
// so under the headlines, which count 3 of the 4 assessable reviews on time.
func TestRunSaysHowManyReviewsWereNotAssessable(t *testing.T) {
	source, err := filepath.Abs("../../testdata/golden/partial_history/source")
	if err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, fmt.Sprintf("version: 1\ndata_dir: %s\nsource:\n  kind: ssdcsv\n  path: %s\nreporting:\n  as_of: \"2024-06-30\"\n",
		filepath.Join(t.TempDir(), "data"), source))
	code, stdout, stderr := carewh(t, "run", "--config", cfg)
	if code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	for _, want := range []string{"Headline KPIs, 2023-24", "3 / 4",
		"1 review of a child already looked after before the data begins could not be assessed for timeliness."} {
		if !strings.Contains(stdout, want) {
			t.Errorf("run output lacks %q:\n%s", want, stdout)
		}
	}
}

// TestRunSaysNothingWhenEveryReviewIsAssessable: a source whose children
// all started to be looked after within it prints no such sentence.
func TestRunSaysNothingWhenEveryReviewIsAssessable(t *testing.T) {
	code, stdout, stderr := carewh(t, "run", "--config", goldenConfig(t))
	if code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	if strings.Contains(stdout, "could not be assessed") {
		t.Errorf("run output speaks of reviews not assessable:\n%s", stdout)
	}
}

// TestRunSaysWhichHeadlinesTheSourceCannotGive: a 903 return has no IRO
// forms, so the mid-point KPI says why it is not available instead of
// 0 / N; run as at a date after the return ends, the figures are as at its
// 31 March, whose year is complete.
func TestRunSaysWhichHeadlinesTheSourceCannotGive(t *testing.T) {
	source, err := filepath.Abs("../../pipelines/extract/ssda903/testdata/two_years")
	if err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, fmt.Sprintf("version: 1\ndata_dir: %s\nsource:\n  kind: ssda903\n  path: %s\nreporting:\n  as_of: \"2024-05-31\"\n",
		filepath.Join(t.TempDir(), "data"), source))
	code, stdout, stderr := carewh(t, "run", "--config", cfg)
	if code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	var midpoint string
	for _, line := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(line, "Review intervals with IRO mid-point monitoring") {
			midpoint = line
		}
	}
	if !strings.Contains(stdout, "Headline KPIs, 2023-24") || !strings.Contains(midpoint, "not available") ||
		!strings.Contains(midpoint, "the source does not provide iro_midpoint_checks") || strings.Contains(midpoint, " / ") {
		t.Errorf("run output:\n%s", stdout)
	}
	if !strings.Contains(stderr, "source_ends=2024-03-31") {
		t.Errorf("the log does not say the figures are as at the return's end:\n%s", stderr)
	}
}
