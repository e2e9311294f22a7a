package pipelines

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carewh/pipelines/lake"
	sqlfiles "carewh/sql"
)

// TestKeyFingerprint: the first key is recorded by fingerprint (never the
// key itself), the same key is accepted again, and another key is refused
// with a message naming the file and both fingerprints.
func TestKeyFingerprint(t *testing.T) {
	lk := filepath.Join(t.TempDir(), "lake")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	first := []byte(strings.Repeat("k", 32))
	other := []byte(strings.Repeat("x", 32))
	if err := checkKeyFingerprint(lk, first, log); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(lk, keyFingerprintFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), string(first)) || string(data) != keyFingerprint(first)+"\npseudonym-scheme "+pseudonymScheme+"\n" {
		t.Errorf("fingerprint file holds %q", data)
	}
	if keyFingerprint(first) == keyFingerprint(other) {
		t.Fatal("two keys share a fingerprint")
	}
	if err := checkKeyFingerprint(lk, first, log); err != nil {
		t.Errorf("same key refused: %v", err)
	}
	err = checkKeyFingerprint(lk, other, log)
	if err == nil {
		t.Fatal("another key was accepted")
	}
	for _, want := range []string{keyFingerprintFile, keyFingerprint(first), keyFingerprint(other), "not the one this lake was built with"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// TestRunRefusesAnotherKey: a run under another key fails before it reads
// the source, naming the fingerprints, and the warehouse is left as it was.
func TestRunRefusesAnotherKey(t *testing.T) {
	cfg := sourceConfig(t, "ssda903", ssda903Fixture, "2024-03-31")
	runPipeline(t, cfg)
	before, err := os.ReadFile(cfg.WarehousePath())
	if err != nil {
		t.Fatal(err)
	}
	otherKey := func(name string) string {
		if name == EnvHMACKey {
			return strings.Repeat("another key, not the lake's ", 2)
		}
		return testEnv(name)
	}
	_, err = (&Runner{Config: cfg, Models: sqlfiles.Files, Getenv: otherKey}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not the one this lake was built with") {
		t.Fatalf("run under another key: %v", err)
	}
	after, err := os.ReadFile(cfg.WarehousePath())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the warehouse changed")
	}
}

// TestOldLakeIsRefused: a lake that has runs but no fingerprint was written
// before record ids were pseudonymised, as is one whose fingerprint has no
// scheme line: a run refuses it, saying why and what to do, rather than
// finding every record deleted and re-added.
func TestOldLakeIsRefused(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	key := []byte(strings.Repeat("k", 32))
	lk := lake.Lake{Root: filepath.Join(t.TempDir(), "lake")}
	if err := lk.WriteManifest(lake.Manifest{Format: lake.ManifestFormat, RunID: "20261101T000000Z-aaaaaa", Status: lake.StatusSucceeded}); err != nil {
		t.Fatal(err)
	}
	err := checkKeyFingerprint(lk.Root, key, log)
	if err == nil || !strings.Contains(err.Error(), "kept record ids (episode, review, plan …) in clear") || !strings.Contains(err.Error(), "Start a new data_dir") {
		t.Fatalf("a lake of the first scheme: %v", err)
	}
	if err := os.WriteFile(filepath.Join(lk.Root, keyFingerprintFile), []byte(keyFingerprint(key)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := checkKeyFingerprint(lk.Root, key, log); err == nil || !strings.Contains(err.Error(), "pseudonym scheme 1") {
		t.Fatalf("a fingerprint without a scheme: %v", err)
	}
}
