package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carewh/canonical"
	"carewh/transforms"
)

// TestRekeyDemoKeyFile: a demo data folder, built with the key file it made,
// is rekeyed to the key in CAREWH_HMAC_KEY; the command says what it did,
// the run it makes finds nothing changed, the key file now holds the new
// key, and a child's pseudonym under it finds the child's reviews.
func TestRekeyDemoKeyFile(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	source, err := filepath.Abs("../../testdata/golden/review_timeliness/source")
	if err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, fmt.Sprintf("version: 1\ndata_dir: %s\nsource:\n  kind: ssdcsv\n  path: %s\nreporting:\n  as_of: \"2024-06-30\"\nprivacy:\n  demo_key_file: true\n", data, source))
	noKey := func(string) string { return "" }
	if code, _, stderr := carewhEnv(t, noKey, "run", "--config", cfg); code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	newKey := strings.Repeat("rotated ", 5)
	code, stdout, stderr := carewhEnv(t, func(k string) string {
		if k == "CAREWH_HMAC_KEY" {
			return newKey
		}
		return ""
	}, "rekey", "--config", cfg)
	if code != 0 || !strings.Contains(stdout, "lake rekeyed: ") || !strings.Contains(stdout, "0 orphans") ||
		!strings.Contains(stdout, "0 rows changed") {
		t.Fatalf("rekey: exit %d, %s %s", code, stdout, stderr)
	}
	if key, err := os.ReadFile(filepath.Join(data, "hmac.key")); err != nil || string(key) != newKey {
		t.Errorf("the demo key file holds %q (%v), not the new key", key, err)
	}
	p, _ := transforms.NewPseudonymiser([]byte(newKey))
	c01 := p.Pseudonym(canonical.PersonID, "C01")
	code, stdout, stderr = carewhEnv(t, noKey, "query", "--config", cfg, "--csv",
		"SELECT count(*) AS reviews FROM marts.lac_review_timeliness WHERE person_id = '"+c01+"'")
	if code != 0 || stdout != "reviews\n3\n" {
		t.Errorf("C01's reviews by the new key's pseudonym: exit %d, %q %s", code, stdout, stderr)
	}
}

// carewhEnv is carewh with the environment getenv gives.
func carewhEnv(t *testing.T, getenv func(string) string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: getenv}
	code = run(context.Background(), args, e)
	return code, out.String(), errOut.String()
}
