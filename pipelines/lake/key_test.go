package lake

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carewh/pipelines/key"
)

// TestKeyFingerprint: the first key is recorded by fingerprint (never the
// key itself), the same key is accepted again, and another key is refused
// with a message naming the file and both fingerprints.
func TestKeyFingerprint(t *testing.T) {
	lk := filepath.Join(t.TempDir(), "lake")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	first := []byte(strings.Repeat("k", 32))
	other := []byte(strings.Repeat("x", 32))
	if err := (Lake{Root: lk}).CheckKey(first, log); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(lk, KeyFingerprintFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), string(first)) || string(data) != key.Fingerprint(first)+"\npseudonym-scheme "+pseudonymScheme+"\n" {
		t.Errorf("fingerprint file holds %q", data)
	}
	if key.Fingerprint(first) == key.Fingerprint(other) {
		t.Fatal("two keys share a fingerprint")
	}
	if err := (Lake{Root: lk}).CheckKey(first, log); err != nil {
		t.Errorf("same key refused: %v", err)
	}
	err = (Lake{Root: lk}).CheckKey(other, log)
	if err == nil {
		t.Fatal("another key was accepted")
	}
	for _, want := range []string{KeyFingerprintFile, key.Fingerprint(first), key.Fingerprint(other), "not the one this lake was built with"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// TestOldLakeIsRefused: a lake that has runs but no fingerprint was written
// before record ids were pseudonymised, as is one whose fingerprint has no
// scheme line: a run refuses it, saying why and what to do, rather than
// finding every record deleted and re-added.
func TestOldLakeIsRefused(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	k := []byte(strings.Repeat("k", 32))
	lk := Lake{Root: filepath.Join(t.TempDir(), "lake")}
	if err := lk.WriteManifest(Manifest{Format: ManifestFormat, RunID: "20261101T000000Z-aaaaaa", Status: StatusSucceeded}); err != nil {
		t.Fatal(err)
	}
	err := lk.CheckKey(k, log)
	if err == nil || !strings.Contains(err.Error(), "kept record ids (episode, review, plan …) in clear") || !strings.Contains(err.Error(), "Start a new data_dir") {
		t.Fatalf("a lake of the first scheme: %v", err)
	}
	if err := os.WriteFile(filepath.Join(lk.Root, KeyFingerprintFile), []byte(key.Fingerprint(k)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := lk.CheckKey(k, log); err == nil || !strings.Contains(err.Error(), "pseudonym scheme 1") {
		t.Fatalf("a fingerprint without a scheme: %v", err)
	}
}
