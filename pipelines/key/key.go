// Package key reads the pseudonymisation key: from the environment, from a
// file the environment names, or, for a demo, from a random key file in the
// data folder; and names a key without revealing it (Fingerprint). The
// lake records the fingerprint of the key it was built with (lake.CheckKey).
package key

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
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

// Fingerprint identifies a key without revealing it: an HMAC of a fixed
// string under the key, so it says nothing of the key or of any pseudonym.
func Fingerprint(key []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("carewh key fingerprint"))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

// Read returns the HMAC key from the environment, from the file the
// environment names, or, for a demo config only, from a random key file in
// the data folder, made on first use. It does not check the key against
// the lake's (lake.CheckKey).
func Read(cfg *config.Config, getenv func(string) string, log *slog.Logger) ([]byte, error) {
	if key, ok, err := fromEnv(getenv, EnvHMACKey, EnvHMACKeyFile); ok || err != nil {
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
	return check(bytes.TrimSpace(data), path)
}

// fromEnv returns the key in the environment variable named by env, or
// in the file named by fileEnv; ok is false when neither is set.
func fromEnv(getenv func(string) string, env, fileEnv string) (key []byte, ok bool, err error) {
	if k := getenv(env); k != "" {
		key, err = check([]byte(k), env)
		return key, true, err
	}
	if f := getenv(fileEnv); f != "" {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, true, fmt.Errorf("reading %s: %w", fileEnv, err)
		}
		key, err = check(bytes.TrimSpace(data), f)
		return key, true, err
	}
	return nil, false, nil
}

func check(key []byte, from string) ([]byte, error) {
	if len(key) < transforms.MinKeyBytes {
		return nil, fmt.Errorf("the key from %s has %d bytes; at least %d are needed", from, len(key), transforms.MinKeyBytes)
	}
	return key, nil
}

// ForRekey returns the keys of a rekey: the new one from CAREWH_HMAC_KEY
// (or _FILE), never made up; the old one, the lake's, from
// CAREWH_OLD_HMAC_KEY (or _FILE) or, for a demo config, the demo's key
// file, whose path is then returned so the rekey can put the new key in it.
func ForRekey(cfg *config.Config, getenv func(string) string) (oldKey, newKey []byte, demoFile string, err error) {
	newKey, ok, err := fromEnv(getenv, EnvHMACKey, EnvHMACKeyFile)
	if err != nil {
		return nil, nil, "", fmt.Errorf("the new key: %w", err)
	}
	if !ok {
		return nil, nil, "", fmt.Errorf("no new key: set %s, or %s to a file holding it", EnvHMACKey, EnvHMACKeyFile)
	}
	oldKey, ok, err = fromEnv(getenv, EnvOldHMACKey, EnvOldHMACKeyFile)
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
	oldKey, err = check(bytes.TrimSpace(data), demoFile)
	return oldKey, newKey, demoFile, err
}
