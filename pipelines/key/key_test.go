package key

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carewh/config"
)

// TestRead: the key comes from the environment before a key file, a short
// key is refused naming where it came from, and a demo config makes a key
// file once and reads the same key from it again.
func TestRead(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := &config.Config{DataDir: t.TempDir()}
	long := strings.Repeat("k", 32)
	file := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(file, []byte(strings.Repeat("f", 32)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{EnvHMACKey: long, EnvHMACKeyFile: file}
	if k, err := Read(cfg, func(n string) string { return env[n] }, log); err != nil || string(k) != long {
		t.Errorf("from the environment: %q, %v", k, err)
	}
	delete(env, EnvHMACKey)
	if k, err := Read(cfg, func(n string) string { return env[n] }, log); err != nil || string(k) != strings.Repeat("f", 32) {
		t.Errorf("from the key file: %q, %v", k, err)
	}
	env = map[string]string{EnvHMACKey: "short"}
	if _, err := Read(cfg, func(n string) string { return env[n] }, log); err == nil || !strings.Contains(err.Error(), EnvHMACKey) {
		t.Errorf("a short key: %v", err)
	}
	none := func(string) string { return "" }
	if _, err := Read(cfg, none, log); err == nil {
		t.Error("no key and no demo key file: accepted")
	}
	cfg.Privacy.DemoKeyFile = true
	first, err := Read(cfg, none, log)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Read(cfg, none, log)
	if err != nil || string(again) != string(first) || Fingerprint(first) != Fingerprint(again) {
		t.Errorf("the demo key file gave %q then %q (%v)", first, again, err)
	}
	if Fingerprint(first) == Fingerprint([]byte(long)) || strings.Contains(Fingerprint(first), string(first)) {
		t.Error("fingerprints do not tell keys apart, or show the key")
	}
}
