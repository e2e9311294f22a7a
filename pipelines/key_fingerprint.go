package pipelines

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// keyFingerprintFile, in the lake, holds the fingerprint of the key the
// lake's pseudonyms were made with.
const keyFingerprintFile = "key-fingerprint"

// keyFingerprint identifies a key without revealing it: an HMAC of a fixed
// string under the key, so it says nothing of the key or of any pseudonym.
func keyFingerprint(key []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("carewh key fingerprint"))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

// checkKeyFingerprint refuses a key other than the one the lake was built
// with: under another key every child, worker and record would get a new
// pseudonym, so the run would record every row as deleted and re-added and
// the history would no longer link up. A lake without a fingerprint (new,
// or made before fingerprints were kept) takes this key's.
func checkKeyFingerprint(lakeRoot string, key []byte, log *slog.Logger) error {
	path := filepath.Join(lakeRoot, keyFingerprintFile)
	want := keyFingerprint(key)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(lakeRoot, 0o700); err != nil {
			return fmt.Errorf("creating lake folder: %w", err)
		}
		if err := writeFileAtomic(path, []byte(want+"\n")); err != nil {
			return fmt.Errorf("recording the key's fingerprint: %w", err)
		}
		log.Info("recorded the pseudonymisation key's fingerprint in the lake", "path", path, "fingerprint", want)
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the key's fingerprint: %w", err)
	}
	if have := strings.TrimSpace(string(data)); have != want {
		return fmt.Errorf("the pseudonymisation key is not the one this lake was built with (%s holds fingerprint %s; this key's is %s): "+
			"every child would get a new pseudonym and look deleted and re-added. Run with the lake's key; "+
			"to change keys on purpose, start a new data_dir, whose history begins again", path, have, want)
	}
	return nil
}
