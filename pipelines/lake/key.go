package lake

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"carewh/internal/atomicfile"
	"carewh/pipelines/key"
)

// KeyFingerprintFile, in the lake, holds the fingerprint of the key the
// lake's pseudonyms were made with, and the scheme they were made by.
const KeyFingerprintFile = "key-fingerprint"

// pseudonymScheme names how identifiers become pseudonyms. Scheme 2
// pseudonymises record ids (episode, review, plan …) as well as child and
// staff ids, each in its own domain; a lake of an earlier scheme, whose
// record ids are raw, has no scheme line.
const pseudonymScheme = "2"

// CheckKey refuses a key other than the one the lake was built with, or a
// lake whose pseudonyms were made by another scheme: either way every
// child, worker and record would get a new pseudonym, so the run would
// record every row as deleted and re-added and the history would no longer
// link up. A new lake takes this key's fingerprint and scheme.
func (lk Lake) CheckKey(k []byte, log *slog.Logger) error {
	path := filepath.Join(lk.Root, KeyFingerprintFile)
	want := key.Fingerprint(k)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		runs, err := lk.SucceededRuns()
		if err != nil {
			return err
		}
		if len(runs) > 0 {
			return oldSchemeError(lk.Root, "")
		}
		if err := RecordKey(lk.Root, k); err != nil {
			return err
		}
		log.Info("recorded the pseudonymisation key's fingerprint in the lake", "path", path, "fingerprint", want)
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the key's fingerprint: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if have := strings.TrimSpace(lines[0]); have != want {
		return fmt.Errorf("the pseudonymisation key is not the one this lake was built with (%s holds fingerprint %s; this key's is %s): "+
			"every child would get a new pseudonym and look deleted and re-added. Run with the lake's key; "+
			"to change keys on purpose, run carewh rekey (the lake's key in %s, the new one in %s)", path, have, want, key.EnvOldHMACKey, key.EnvHMACKey)
	}
	scheme := ""
	if len(lines) > 1 {
		scheme = strings.TrimSpace(strings.TrimPrefix(lines[1], "pseudonym-scheme"))
	}
	if scheme != pseudonymScheme {
		return oldSchemeError(lk.Root, scheme)
	}
	return nil
}

// oldSchemeError explains why a lake of an earlier pseudonym scheme
// cannot take this version's runs.
func oldSchemeError(lakeRoot, scheme string) error {
	if scheme == "" {
		scheme = "1"
	}
	return fmt.Errorf("the lake in %s was written by an earlier carewh (pseudonym scheme %s), which kept record ids (episode, review, plan …) "+
		"in clear; this version pseudonymises them (scheme %s), so its first run would find every record deleted and re-added. "+
		"Start a new data_dir (its history begins again) and keep this one while you need its history", lakeRoot, scheme, pseudonymScheme)
}

// RecordKey writes the fingerprint of key k and this version's pseudonym
// scheme into the lake at lakeRoot.
func RecordKey(lakeRoot string, k []byte) error {
	if err := os.MkdirAll(lakeRoot, 0o700); err != nil {
		return fmt.Errorf("creating lake folder: %w", err)
	}
	content := key.Fingerprint(k) + "\npseudonym-scheme " + pseudonymScheme + "\n"
	if err := atomicfile.WriteBytes(filepath.Join(lakeRoot, KeyFingerprintFile), []byte(content)); err != nil {
		return fmt.Errorf("recording the key's fingerprint: %w", err)
	}
	return nil
}
