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

// Environment variables that give carewh rekey the key the lake was built
// with; the new key comes from CAREWH_HMAC_KEY or CAREWH_HMAC_KEY_FILE.
const (
	EnvOldHMACKey     = "CAREWH_OLD_HMAC_KEY"
	EnvOldHMACKeyFile = "CAREWH_OLD_HMAC_KEY_FILE"
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
	if key, ok, err := keyFromEnv(getenv, EnvHMACKey, EnvHMACKeyFile); ok || err != nil {
		return key, err
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

// keyFromEnv returns the key in the environment variable named by env, or
// in the file named by fileEnv; ok is false when neither is set.
func keyFromEnv(getenv func(string) string, env, fileEnv string) (key []byte, ok bool, err error) {
	if k := getenv(env); k != "" {
		key, err = checkKey([]byte(k), env)
		return key, true, err
	}
	if f := getenv(fileEnv); f != "" {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, true, fmt.Errorf("reading %s: %w", fileEnv, err)
		}
		key, err = checkKey(bytes.TrimSpace(data), f)
		return key, true, err
	}
	return nil, false, nil
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

// rekeyKeys returns the keys of a rekey: the new one from CAREWH_HMAC_KEY
// (or _FILE), never made up; the old one, the lake's, from
// CAREWH_OLD_HMAC_KEY (or _FILE) or, for a demo config, the demo's key
// file, whose path is then returned so the rekey can put the new key in it.
func rekeyKeys(cfg *config.Config, getenv func(string) string) (oldKey, newKey []byte, demoFile string, err error) {
	newKey, ok, err := keyFromEnv(getenv, EnvHMACKey, EnvHMACKeyFile)
	if err != nil {
		return nil, nil, "", fmt.Errorf("the new key: %w", err)
	}
	if !ok {
		return nil, nil, "", fmt.Errorf("no new key: set %s, or %s to a file holding it", EnvHMACKey, EnvHMACKeyFile)
	}
	oldKey, ok, err = keyFromEnv(getenv, EnvOldHMACKey, EnvOldHMACKeyFile)
	if err != nil || ok {
		return oldKey, newKey, "", err
	}
	if !cfg.Privacy.DemoKeyFile {
		return nil, nil, "", fmt.Errorf("no old key: set %s, or %s to a file holding the key the lake was built with", EnvOldHMACKey, EnvOldHMACKeyFile)
	}
	demoFile = filepath.Join(cfg.DataDir, demoKeyFile)
	data, err := os.ReadFile(demoFile)
	if err != nil {
		return nil, nil, "", fmt.Errorf("no old key: set %s, or %s; the demo key file: %w", EnvOldHMACKey, EnvOldHMACKeyFile, err)
	}
	oldKey, err = checkKey(bytes.TrimSpace(data), demoFile)
	return oldKey, newKey, demoFile, err
}

// lakeKey is the key of the data folder's lake, read only (see
// Pseudonymiser).
func lakeKey(cfg *config.Config, getenv func(string) string, log *slog.Logger) ([]byte, error) {
	if _, err := os.Stat(filepath.Join(cfg.LakeDir(), keyFingerprintFile)); err != nil {
		return nil, fmt.Errorf("no lake with a key fingerprint in %s (%v): run carewh run first", cfg.LakeDir(), err)
	}
	return loadKey(cfg, getenv, log)
}
