package pipelines

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carewh/pipelines/key"
	sqlfiles "carewh/sql"
)

// TestRekeyDerivedIDs: the 903 and CIN readers make record ids from the
// child's pseudonym and dates, which the transforms hash again; after a
// rekey the run under the new key still finds every row unchanged, so
// those ids were mapped too, and no pseudonym is left an orphan.
func TestRekeyDerivedIDs(t *testing.T) {
	for _, c := range []struct{ kind, path, asOf string }{
		{"ssda903", ssda903Fixture, "2024-05-31"},
		{"cincensus", cinFixture, "2024-03-31"},
	} {
		t.Run(c.kind, func(t *testing.T) {
			cfg := sourceConfig(t, c.kind, c.path, c.asOf)
			runPipeline(t, cfg)
			r := &Runner{Config: cfg, Models: sqlfiles.Files, Getenv: rekeyEnv}
			report, err := r.Rekey(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if report.Orphans != 0 || report.Mapped == 0 {
				t.Errorf("rekey mapped %d pseudonyms and left %d orphans, want some and none", report.Mapped, report.Orphans)
			}
			m, err := r.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for name, s := range m.Tables {
				if s.Changed() {
					t.Errorf("after the rekey, %s changed: %d inserted, %d updated, %d deleted", name, s.Inserted, s.Updated, s.Deleted)
				}
			}
		})
	}
}

// TestRekeyRefuses: a rekey is refused, leaving the lake exactly as it
// was, when the old key is not the lake's, the new key is the lake's, no
// new key is given, or today's source lacks most of a table (a truncated
// extract would make orphans of its rows); --accept-unmapped lets the last
// one through.
func TestRekeyRefuses(t *testing.T) {
	src := copyDir(t, "../testdata/golden/row_accounting/source")
	cfg := testConfig(t, src, "2024-06-30")
	runPipeline(t, cfg)
	before := lakeDigest(t, cfg.LakeDir())
	env := func(old, new string) func(string) string {
		return func(name string) string {
			return map[string]string{key.EnvOldHMACKey: old, key.EnvHMACKey: new}[name]
		}
	}
	wrong := strings.Repeat("not the lake's key ", 2)
	for _, c := range []struct {
		name   string
		getenv func(string) string
		want   string
	}{
		{"old key not the lake's", env(wrong, newTestKey), "not the one this lake was built with"},
		{"new key the lake's", env(testKey, testKey), "the new key is the lake's key already"},
		{"no new key", env(testKey, ""), "no new key"},
	} {
		_, err := (&Runner{Config: cfg, Models: sqlfiles.Files, Getenv: c.getenv}).Rekey(context.Background())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
	if after := lakeDigest(t, cfg.LakeDir()); after != before {
		t.Error("a refused rekey changed the lake")
	}

	header, _, _ := strings.Cut(readFile(t, filepath.Join(src, "ssd_cla_reviews.csv")), "\n")
	if err := os.WriteFile(filepath.Join(src, "ssd_cla_reviews.csv"), []byte(header+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := (&Runner{Config: cfg, Models: sqlfiles.Files, Getenv: rekeyEnv}).Rekey(context.Background())
	if err == nil || !strings.Contains(err.Error(), "cla_reviews: ") || !strings.Contains(err.Error(), "--accept-unmapped") {
		t.Fatalf("rekey from a source without its reviews: %v", err)
	}
	if after := lakeDigest(t, cfg.LakeDir()); after != before {
		t.Error("the refused rekey changed the lake")
	}
	r := &Runner{Config: cfg, Models: sqlfiles.Files, Getenv: rekeyEnv, AcceptUnmapped: []string{"cla_reviews"}}
	report, err := r.Rekey(context.Background())
	if err != nil {
		t.Fatalf("rekey accepting the unmapped reviews: %v", err)
	}
	if report.Orphans == 0 {
		t.Error("the reviews the source lost were not made orphans")
	}
}

// lakeDigest hashes every file's path and content under dir.
func lakeDigest(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		h.Write([]byte(path + "\x00" + readFile(t, path) + "\x00"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
