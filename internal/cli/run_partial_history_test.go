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
