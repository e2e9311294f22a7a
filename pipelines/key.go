package pipelines

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"carewh/config"
	"carewh/transforms"
)

// Environment variables that supply the pseudonymisation key.
const (
	EnvHMACKey     = "CAREWH_HMAC_KEY"
	EnvHMACKeyFile = "CAREWH_HMAC_KEY_FILE"
)

// demoKeyFile is where a demo keeps the random key it made.
const demoKeyFile = "hmac.key"

// loadKey returns the HMAC key (readKey) once it is known to be the one
// the lake was built with (checkKeyFingerprint).
func loadKey(cfg *config.Config, getenv func(string) string, log *slog.Logger) ([]byte, error) {
	key, err := readKey(cfg, getenv, log)
	if err != nil {
		return nil, err
	}
	if err := checkKeyFingerprint(cfg.LakeDir(), key, log); err != nil {
		return nil, err
	}
	return key, nil
}

// readKey returns the HMAC key from the environment, from the file the
// environment names, or, for a demo config only, from a random key file in
// the data folder, made on first use.
func readKey(cfg *config.Config, getenv func(string) string, log *slog.Logger) ([]byte, error) {
	if k := getenv(EnvHMACKey); k != "" {
		return checkKey([]byte(k), EnvHMACKey)
	}
	if f := getenv(EnvHMACKeyFile); f != "" {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", EnvHMACKeyFile, err)
		}
		return checkKey(bytes.TrimSpace(data), f)
	}
	if !cfg.Privacy.DemoKeyFile {
		return nil, fmt.Errorf("no pseudonymisation key: set %s, or %s to a file holding the key", EnvHMACKey, EnvHMACKeyFile)
	}
	path := filepath.Join(cfg.DataDir, demoKeyFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		buf := make([]byte, 32)
		rand.Read(buf)
		data = []byte(hex.EncodeToString(buf))
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("creating data folder: %w", err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return nil, fmt.Errorf("writing demo key: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("reading demo key: %w", err)
	}
	log.Warn("no pseudonymisation key in the environment: using a demo key file; set "+EnvHMACKey+" for real data", "path", path)
	return checkKey(bytes.TrimSpace(data), path)
}

func checkKey(key []byte, from string) ([]byte, error) {
	if len(key) < transforms.MinKeyBytes {
		return nil, fmt.Errorf("the key from %s has %d bytes; at least %d are needed", from, len(key), transforms.MinKeyBytes)
	}
	return key, nil
}

// Pseudonymiser is the pseudonymiser of the data folder's lake: the key from
// the environment (or the demo's key file), refused unless it is the one
// the lake was built with, so the pseudonyms it gives are the warehouse's.
// It only reads: a data folder with no lake yet is an error, not a lake to
// record this key in.
func Pseudonymiser(cfg *config.Config, getenv func(string) string, log *slog.Logger) (*transforms.Pseudonymiser, error) {
	key, err := lakeKey(cfg, getenv, log)
	if err != nil {
		return nil, err
	}
	return transforms.NewPseudonymiser(key)
}

// lakeKey is the key of the data folder's lake, read only (see
// Pseudonymiser).
func lakeKey(cfg *config.Config, getenv func(string) string, log *slog.Logger) ([]byte, error) {
	if _, err := os.Stat(filepath.Join(cfg.LakeDir(), keyFingerprintFile)); err != nil {
		return nil, fmt.Errorf("no lake with a key fingerprint in %s (%v): run carewh run first", cfg.LakeDir(), err)
	}
	return loadKey(cfg, getenv, log)
}
