package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPseudonymFindsAChild: the pseudonym printed for a case-system id is
// the one the warehouse holds for that child (found with it by query), in
// the domain asked for; an unknown domain is a usage error.
func TestPseudonymFindsAChild(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	cfg := goldenConfigIn(t, data)
	// Before any run there is no lake whose key to check against, and
	// nothing is written.
	if code, _, stderr := carewh(t, "pseudonym", "--config", cfg, "C01"); code != 1 || !strings.Contains(stderr, "run carewh run first") {
		t.Errorf("pseudonym before a run: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("pseudonym before a run made %s (%v)", data, err)
	}
	if code, _, stderr := carewh(t, "run", "--config", cfg); code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	code, stdout, stderr := carewh(t, "pseudonym", "--config", cfg, "C01", "C02")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], "C01\t") || !strings.HasPrefix(lines[1], "C02\t") {
		t.Fatalf("pseudonym: exit %d, %q %s", code, stdout, stderr)
	}
	c01 := strings.TrimPrefix(lines[0], "C01\t")
	// C01's reviews, found by the pseudonym (the review-timeliness README:
	// R01-1, R01-2, R01-3).
	code, stdout, stderr = carewh(t, "query", "--config", cfg, "--csv",
		"SELECT count(*) AS reviews FROM marts.lac_review_timeliness WHERE person_id = '"+c01+"'")
	if code != 0 || stdout != "reviews\n3\n" {
		t.Errorf("C01's reviews by pseudonym: exit %d, %q %s", code, stdout, stderr)
	}
	code, stdout, _ = carewh(t, "pseudonym", "--config", cfg, "-q", "--kind", "staff", "C01")
	if code != 0 || strings.TrimSpace(stdout) == c01 || len(strings.TrimSpace(stdout)) != 32 {
		t.Errorf("a staff id's pseudonym: exit %d, %q (the child's is %s)", code, stdout, c01)
	}
	if code, _, stderr := carewh(t, "pseudonym", "--config", cfg, "--kind", "nope", "C01"); code != 2 || !strings.Contains(stderr, "is no identifier") {
		t.Errorf("unknown kind: exit %d, %s", code, stderr)
	}
}
