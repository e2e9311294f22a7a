package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerateSSDA903 writes one year's return where the ssda903 source
// looks for it: a year folder with its five files.
func TestGenerateSSDA903(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := carewh(t, "generate", "--format", "ssda903", "--year", "2024", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"header", "episodes", "reviews", "ad1", "placed_adoption"} {
		info, err := os.Stat(filepath.Join(out, "2024", f+".csv"))
		if err != nil || info.Size() < 100 {
			t.Errorf("2024/%s.csv: %v", f, err)
		}
		if !strings.Contains(stdout, "2024/"+f+".csv") {
			t.Errorf("stdout does not list 2024/%s.csv:\n%s", f, stdout)
		}
	}
	if !strings.Contains(stdout, "SSDA903 return 2023-24") {
		t.Errorf("stdout:\n%s", stdout)
	}
}

func TestGenerateSSDA903Usage(t *testing.T) {
	out := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"generate", "--out", out, "--year", "2024"}, "--year needs --format ssda903"},
		{[]string{"generate", "--out", out, "--format", "ssda903", "--as-of", "2024-03-31"}, "--as-of"},
		{[]string{"generate", "--out", out, "--format", "903"}, "--format must be"},
		{[]string{"generate", "--out", out, "--format", "ssda903", "--year", "24"}, "--year"},
	} {
		if code, _, stderr := carewh(t, c.args...); code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %s; want exit 2 and %q", c.args, code, stderr, c.want)
		}
	}
}
